// What the API accepts for a contact, normalised so that one person is one contact: email
// trimmed and lower-cased, phone in E.164 (libphonenumber-js; a national number needs `country`).
import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { z } from 'zod';
import type { ChannelConsent, ContactConsent, ContactRecord } from '../db/store.js';

export const emailField = z.string({ error: 'must be an email address' }).trim().toLowerCase()
  .pipe(z.email({ error: 'must be a valid email address' }).max(320));

const phoneText = z.string({ error: 'must be a phone number' }).trim().min(1, 'must be a phone number').max(40);
const countryField = z.string().trim().toUpperCase()
  .refine((c) => isSupportedCountry(c), 'must be an ISO 3166 country code such as DE or US');

/** The phone in E.164, or null when it is no valid number (for `country`, if given). */
export function normalisePhone(text: string, country?: string): string | null {
  const parsed = parsePhoneNumberFromString(text, country as CountryCode | undefined);
  return parsed?.isValid() ? parsed.number : null;
}

const consentStatus = z.enum(['subscribed', 'unsubscribed', 'unknown'], { error: 'must be subscribed, unsubscribed or unknown' });
const channelConsent = z.object({
  status: consentStatus,
  source: z.string().max(200).nullish(),
  at: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date and time' }).nullish(),
}).strict();
export const consentField = z.object({ email: channelConsent.optional(), sms: channelConsent.optional() }).strict();
export type ConsentInput = z.output<typeof consentField>;

const shortText = (max: number) => z.string().trim().max(max).nullable();
const timezoneField = z.string().trim().nullable().refine((tz) => tz === null || isTimeZone(tz), 'must be an IANA time zone such as Europe/Berlin');

/** The standard fields of a contact as the API names them; phone still raw (see withPhone). */
export const contactFieldsShape = {
  email: emailField.nullable().optional(),
  phone: phoneText.nullable().optional(),
  country: countryField.optional(),
  first_name: shortText(200).optional(),
  last_name: shortText(200).optional(),
  timezone: timezoneField.optional(),
  locale: shortText(35).optional(),
  tags: z.array(z.string().trim().min(1, 'a tag must not be empty').max(100)).max(500).optional(),
  score: z.number().int('must be a whole number').optional(),
  fields: z.record(z.string(), z.unknown(), { error: 'must be an object of custom fields' }).optional(),
  consent: consentField.optional(),
};

export const STANDARD_KEYS = new Set(Object.keys(contactFieldsShape).concat(['id']));

/** Adds the E.164 phone (or an issue naming `phone`) after the object is parsed. */
export function withPhone<T extends { phone?: string | null; country?: string }>(value: T, issue: z.RefinementCtx): T {
  if (typeof value.phone !== 'string') return value;
  const e164 = normalisePhone(value.phone, value.country);
  if (e164 === null) {
    issue.addIssue({
      code: 'custom', path: ['phone'],
      message: value.country
        ? `must be a valid phone number for ${value.country}`
        : 'must be a valid phone number in international format (+49 30 1234567), or give `country`',
    });
    return value;
  }
  return { ...value, phone: e164 };
}

export type ContactFieldsInput = z.output<z.ZodObject<typeof contactFieldsShape>>;

/** The contact with the given standard fields changed (those left out keep their value). */
export function applyFields(contact: ContactRecord, input: ContactFieldsInput, consent: (channel: 'email' | 'sms', given: ChannelConsent, current: ChannelConsent | undefined) => ChannelConsent | undefined, now: string): ContactRecord {
  const next: ContactRecord = { ...contact, updatedAt: now };
  if (input.email !== undefined) next.email = input.email;
  if (input.phone !== undefined) next.phone = input.phone;
  if (input.first_name !== undefined) next.firstName = input.first_name;
  if (input.last_name !== undefined) next.lastName = input.last_name;
  if (input.timezone !== undefined) next.timezone = input.timezone;
  if (input.locale !== undefined) next.locale = input.locale;
  if (input.score !== undefined) next.score = input.score;
  if (input.consent) {
    const merged: ContactConsent = { ...contact.consent };
    for (const channel of ['email', 'sms'] as const) {
      const given = input.consent[channel];
      if (!given) continue;
      const value = consent(channel, { status: given.status, source: given.source ?? null, at: given.at ?? now }, contact.consent[channel]);
      if (value) merged[channel] = value;
    }
    next.consent = merged;
  }
  return next;
}

export function emptyContact(id: string, now: string): ContactRecord {
  return {
    id, email: null, phone: null, firstName: null, lastName: null, timezone: null, locale: null,
    tags: [], score: 0, fields: {}, consent: {}, createdAt: now, updatedAt: now,
  };
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
