import { useEffect, useState } from 'react';
import { loadPatternCompiler, loadedPatternCompiler, type PatternCompiler } from './patternMatcher';

/**
 * The pattern compiler for a form that needs one: undefined until re2js has
 * loaded (it starts loading when such a form is shown), then the compiler.
 */
export function usePatternCompiler(needed: boolean): PatternCompiler | undefined {
  const [compiler, setCompiler] = useState<PatternCompiler | undefined>(loadedPatternCompiler);
  useEffect(() => {
    if (!needed || compiler) return undefined;
    let mounted = true;
    loadPatternCompiler().then(loaded => {
      if (mounted) setCompiler(() => loaded);
    });
    return () => {
      mounted = false;
    };
  }, [needed, compiler]);
  return compiler;
}
