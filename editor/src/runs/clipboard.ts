// Copying a value or a template path from run data, with a toast saying what was copied.
import { toast } from '../ui/toast.js';

export async function copyText(text: string, what: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    toast.success(`Copied ${what}`);
  } catch {
    toast.error('The browser did not allow copying to the clipboard');
  }
}

/** The template path of a child: `steps.hot.body.email`, `items[0]`, `headers["x-id"]`. */
export function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) return parent ? `${parent}.${key}` : key;
  return `${parent}[${JSON.stringify(key)}]`;
}
