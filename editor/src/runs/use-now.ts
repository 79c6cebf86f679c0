// The current time, re-read every `ms` while `live` (a running duration keeps counting).
import { useEffect, useState } from 'react';

export function useNow(live: boolean, ms = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!live) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [live, ms]);
  return live ? now : Date.now();
}
