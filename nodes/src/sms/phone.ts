// Phone numbers for SMS: whatever a contact typed, as the E.164 number providers expect.
import { type CountryCode, isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js/max';

export type PhoneCheck = { ok: true; e164: string } | { ok: false; message: string };

/** `030 1234567` with country DE, `+49 30 1234567` or `0049301234567` → `+49301234567`. */
export function toE164(text: string, defaultCountry?: string): PhoneCheck {
  const country = defaultCountry && isSupportedCountry(defaultCountry) ? (defaultCountry as CountryCode) : undefined;
  const parsed = parsePhoneNumberFromString(text.trim(), country);
  if (parsed?.isValid()) return { ok: true, e164: parsed.number };
  const hint = text.trim().startsWith('+') || country ? '' : ' (write it with its country code, e.g. +49…, or set defaultCountry)';
  return { ok: false, message: `"${text}" is not a valid phone number${hint}` };
}

export function isCountryCode(value: string): boolean {
  return /^[A-Z]{2}$/.test(value) && isSupportedCountry(value);
}

/** An alphanumeric sender id (where carriers allow one): up to 11 letters, digits and spaces, one letter at least. */
export function isAlphanumericSender(value: string): boolean {
  return /^[A-Za-z0-9 ]{1,11}$/.test(value) && /[A-Za-z]/.test(value);
}
