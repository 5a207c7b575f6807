/**
 * A tiny hash router: `#/tables/abc` etc. Hash routes need nothing from the server beyond
 * serving index.html at `/`, and reload anywhere works.
 */
import { useEffect, useState } from 'react';

export function currentPath(): string {
  const h = window.location.hash.replace(/^#/, '');
  return h || '/';
}

export function navigate(path: string, replace = false): void {
  const url = `#${path}`;
  if (replace) window.history.replaceState(null, '', url);
  else window.history.pushState(null, '', url);
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}

export function usePath(): string {
  const [path, setPath] = useState(currentPath);
  useEffect(() => {
    const on = () => setPath(currentPath());
    window.addEventListener('hashchange', on);
    window.addEventListener('popstate', on);
    return () => {
      window.removeEventListener('hashchange', on);
      window.removeEventListener('popstate', on);
    };
  }, []);
  return path;
}

/** Splits `/tables/x?y=1` into segments and query. */
export function parsePath(path: string): { parts: string[]; query: URLSearchParams } {
  const [p, q] = path.split('?');
  return { parts: (p ?? '').split('/').filter(Boolean).map(decodeURIComponent), query: new URLSearchParams(q ?? '') };
}

export function Link(props: { to: string; children: React.ReactNode; className?: string; 'data-testid'?: string }) {
  return (
    <a
      href={`#${props.to}`}
      className={props.className}
      data-testid={props['data-testid']}
      onClick={(e) => {
        if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
        e.preventDefault();
        navigate(props.to);
      }}
    >
      {props.children}
    </a>
  );
}
