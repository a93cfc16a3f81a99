// Mounts its children once they come near the viewport, and keeps them: a
// hundred runs on twelve charts is twelve hundred series, fetched only for the
// charts someone scrolls to.
import { useEffect, useRef, useState, type ReactNode } from 'react';

interface Props {
  /** The height held until the children mount, so the page does not jump. */
  height: number;
  /** How far outside the viewport counts as near. */
  margin?: string;
  children: ReactNode;
}

export function LazyMount({ height, margin = '400px', children }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const [near, setNear] = useState(false);

  useEffect(() => {
    const element = ref.current;
    if (near || !element) return;
    if (typeof IntersectionObserver === 'undefined') return setNear(true);
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) setNear(true);
    }, { rootMargin: margin });
    observer.observe(element);
    return () => observer.disconnect();
  }, [near, margin]);

  if (near) return <>{children}</>;
  return <div ref={ref} style={{ height }} data-testid="lazy-placeholder" />;
}
