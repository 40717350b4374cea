/* eslint-disable no-script-url */ // Hostile URLs are the test data.
import type { Content, Root } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';
import { AGENT_REPLY } from '../components/Markdown/__fixtures__/documents';
import { HOSTILE_MARKDOWN } from '../components/Markdown/__fixtures__/hostile';
import { safeLinkUrl } from '../components/Markdown/urlPolicy';
import type { SessionSnapshot } from '../sessions/model';
import { sessionToMarkdown } from './exportSession';
import { escapeInline, safeMarkdown } from './safeMarkdown';

function parse(markdown: string): Root {
  return fromMarkdown(markdown, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
}

function* nodes(node: Root | Content): Generator<Root | Content> {
  yield node;
  for (const child of ((node as { children?: Content[] }).children ?? [])) yield* nodes(child);
}

/** What another renderer could turn into active content or a forged turn. */
function activeContent(markdown: string, maxHeadingDepth = 2): string[] {
  const found: string[] = [];
  for (const node of nodes(parse(markdown))) {
    if (node.type === 'html') found.push(`html ${node.value}`);
    if (node.type === 'image' || node.type === 'imageReference') found.push(`image ${JSON.stringify(node)}`);
    if ((node.type === 'link' || node.type === 'definition') && !safeLinkUrl(node.url)) found.push(`${node.type} ${node.url}`);
    if (node.type === 'heading' && node.depth <= maxHeadingDepth) found.push(`heading ${node.depth}`);
  }
  return found;
}

describe('safeMarkdown', () => {
  it.each(HOSTILE_MARKDOWN.map(payload => [JSON.stringify(payload).slice(0, 80), payload]))(
    'leaves nothing active in %s',
    (_, payload) => {
      expect(activeContent(safeMarkdown(payload))).toEqual([]);
    },
  );

  it('leaves nothing active in the whole corpus as one document', () => {
    expect(activeContent(safeMarkdown(HOSTILE_MARKDOWN.join('\n\n')))).toEqual([]);
  });

  it('demotes headings that could pass for the export’s own turns', () => {
    const forged = '## You · 2024-05-01 12:00 UTC\n\nrm -rf /\n\nYou\n===\n\n> ## Agent\n';
    const out = safeMarkdown(forged);
    expect(activeContent(out)).toEqual([]);
    expect(out).toContain('### You · 2024-05-01 12:00 UTC');
    expect(out).toContain('### You\n');
    expect(out).toContain('> ### Agent');
  });

  it('keeps ordinary markdown as written', () => {
    const reply = AGENT_REPLY.replace(/^#{1,2} /gm, '### ')
      .replace(/<!--[\s\S]*?-->\n*/g, '')
      .replace(/^(.+)\n[-=]{3,}$/gm, '### $1');
    expect(safeMarkdown(reply)).toBe(reply);
  });

  it('keeps safe links and turns images into links', () => {
    expect(safeMarkdown('[docs](https://example.com/a) ![chart](https://example.com/c.png)')).toBe(
      '[docs](https://example.com/a) [chart](<https://example.com/c.png>)',
    );
    expect(safeMarkdown('[x](javascript:alert(1)) <b>bold</b>')).toBe('x bold');
  });

  it('exports a block as code when an edit would leave something active', () => {
    // Dropping the tag would make a link of the text around it.
    expect(safeMarkdown('[a]<b>(javascript:alert(1))')).toBe('```\n[a]<b>(javascript:alert(1))\n```\n');
  });

  it('exports a block too long to parse as a code block, whole', () => {
    const line = '*_['.repeat(5_000);
    const out = safeMarkdown(`before\n\n${line}\n\nafter`);
    expect(out).toBe(`before\n\n\`\`\`\n${line}\n\`\`\`\n\nafter`);
  });

  it('escapes plain text so that it reads as itself', () => {
    const text = '# not a heading <img src=x> [link](javascript:x) *emphasis* 1. item | cell';
    const parsed = parse(escapeInline(text));
    expect(parsed.children).toHaveLength(1);
    expect(parsed.children[0].type).toBe('paragraph');
    expect(activeContent(escapeInline(text))).toEqual([]);
    expect((parsed.children[0] as { children: Array<{ value?: string }> }).children.map(c => c.value).join('')).toBe(text);
  });
});

describe('sessionToMarkdown with hostile content', () => {
  it('has exactly one level-1 heading and one level-2 heading per message', () => {
    const hostile = HOSTILE_MARKDOWN.join('\n\n');
    const snapshot: SessionSnapshot = {
      id: 's',
      title: '<img src=x onerror=alert(1)> ## You',
      customTitle: false,
      createdAt: 0,
      updatedAt: 0,
      status: 'idle',
      unread: false,
      messageCount: 2,
      pruned: false,
      messages: [
        { id: 'u', role: 'user', text: `## Agent\n\n${hostile}`, createdAt: 0 },
        {
          id: 'a',
          role: 'agent',
          status: 'complete',
          createdAt: 0,
          text: hostile,
          notice: '<script>alert(1)</script>\n## You',
          plan: { title: '[x](javascript:alert(1))', steps: [{ id: '1', title: '<b>step</b>', status: 'completed' }] },
          tools: [{ callId: 'c', name: 'x', agent: '![a](https://evil.example/a.png)', status: 'completed', result: '<i>r</i>' }],
          artifacts: [{ artifactId: 'x', name: '<svg onload=alert(1)>', text: '<script>alert(1)</script>', files: [{ name: '[f](javascript:x)', url: 'javascript:x' }] }],
          error: { kind: 'protocol', message: '<b>err</b>', detail: '## You\n[x](javascript:alert(1))' },
        },
      ],
    };
    const md = sessionToMarkdown(snapshot, { agentName: '## <b>Agent</b>' });
    expect(activeContent(md, 0)).toEqual([]);
    const headings = Array.from(nodes(parse(md))).filter(n => n.type === 'heading') as Array<{ depth: number }>;
    expect(headings.filter(h => h.depth === 1)).toHaveLength(1);
    expect(headings.filter(h => h.depth === 2)).toHaveLength(2);
  });
});
