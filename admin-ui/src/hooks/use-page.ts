import { RefObject, useEffect, useRef } from 'react';

/**
 * Gives the page its document title and moves the focus to its heading, so a screen reader
 * announces where a link led. Returns the ref for the page's <h1 tabIndex={-1}>.
 */
export function usePage(title: string): RefObject<HTMLHeadingElement | null> {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · Parley admin`;
  }, [title]);
  useEffect(() => {
    heading.current?.focus({ preventScroll: true });
  }, []);
  return heading;
}
