// Deleting a record from a list screen: ask first (naming it), delete on the server, drop it from
// the list, and say how it went.
import type { ReactNode } from 'react';
import { confirm } from '../../ui/dialog.js';
import { toast } from '../../ui/toast.js';

export async function confirmDelete(options: {
  /** The record's name, quoted in the messages. */
  name: string;
  title: string;
  message: ReactNode;
  confirmLabel: string;
  remove(): Promise<void>;
  onRemoved(): void;
}): Promise<void> {
  const ok = await confirm({ title: options.title, message: options.message, confirmLabel: options.confirmLabel, danger: true });
  if (!ok) return;
  try {
    await options.remove();
    options.onRemoved();
    toast.success(`Deleted “${options.name}”`);
  } catch (err) {
    toast.fail(err, `“${options.name}” cannot be deleted`);
  }
}
