// How a contact reads on every screen: a name when it has one, else its email or phone.
import type { ContactView } from '../../api/contacts.js';

export function contactName(c: Pick<ContactView, 'first_name' | 'last_name' | 'email' | 'phone' | 'id'>): string {
  const name = [c.first_name, c.last_name].filter(Boolean).join(' ').trim();
  return name || c.email || c.phone || c.id;
}
