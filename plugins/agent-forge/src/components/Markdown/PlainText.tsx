import { memo } from 'react';
import { pieces } from '../../lib/text';

/** Characters per piece of a long plain block: appending re-renders only the last piece. */
const PLAIN_PIECE = 4_096;

const PlainPiece = memo(function PlainPieceView({ text }: { text: string }) {
  return <span style={{ display: 'block' }}>{text}</span>;
});

/** A block shown as plain text, in pieces (React escapes the text: as safe as it is plain). */
export function PlainText({ text, className }: { text: string; className: string }) {
  const trimmed = text.trimEnd();
  if (trimmed.length <= PLAIN_PIECE) return <p className={className}>{trimmed}</p>;
  return (
    <div className={className}>
      {pieces(trimmed, PLAIN_PIECE).map((piece, index) => (
        // Pieces only ever get appended, and a full piece never changes.
        // eslint-disable-next-line react/no-array-index-key
        <PlainPiece key={index} text={piece} />
      ))}
    </div>
  );
}
