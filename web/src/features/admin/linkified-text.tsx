import { Fragment } from 'react';
import { Link } from '../../router.tsx';

const URL_PATTERN = /https?:\/\/[^\s<>"']+/g;

/** Plain text with its http(s) addresses made into links; links to this site stay in the app. */
export function LinkifiedText({ text }: { text: string }) {
  const parts: Array<{ text: string; isLink: boolean }> = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const start = match.index;
    if (start > last) parts.push({ text: text.slice(last, start), isLink: false });
    parts.push({ text: match[0], isLink: true });
    last = start + match[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last), isLink: false });
  return (
    <>
      {parts.map((part, index) => {
        // The parts of one text never reorder, so the index is a stable key.
        const key = `${index}-${part.text.length}`;
        if (!part.isLink) return <Fragment key={key}>{part.text}</Fragment>;
        const isSameSite = new URL(part.text).origin === window.location.origin;
        return isSameSite ? (
          <Link key={key} href={part.text}>
            {part.text}
          </Link>
        ) : (
          <a key={key} href={part.text} rel="noopener noreferrer">
            {part.text}
          </a>
        );
      })}
    </>
  );
}
