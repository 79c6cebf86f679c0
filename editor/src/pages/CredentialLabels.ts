// Words for the built-in credential types and their fields (the server sends only schemas);
// a type or field not listed here reads as its humanised name.
import type { CredentialFieldSchema } from '../api/credentials.js';

interface TypeWords {
  label: string;
  description: string;
  fields?: Record<string, { label?: string; hint?: string; placeholder?: string }>;
}

const baseUrl = { label: 'Base URL', hint: 'Only to reach the API at another address (a proxy or a test server).' };

const words: Record<string, TypeWords> = {
  smtp: {
    label: 'SMTP (email)',
    description: 'The mail server emails are sent through: the SMTP host, port and login your email provider gives you.',
    fields: {
      host: { label: 'Host', placeholder: 'smtp.example.com' },
      port: { label: 'Port', hint: '587 (STARTTLS) or 465 (TLS) usually.' },
      secure: { label: 'Use TLS from the start', hint: 'On for port 465; off for 587 and 25, which upgrade with STARTTLS.' },
      user: { label: 'User name' },
      password: { label: 'Password' },
    },
  },
  twilio: {
    label: 'Twilio (SMS)',
    description: 'Sends text messages through Twilio: the Account SID and Auth token of your Twilio console.',
    fields: { accountSid: { label: 'Account SID', placeholder: 'AC…' }, authToken: { label: 'Auth token' }, baseUrl },
  },
  hubspot: {
    label: 'HubSpot',
    description: 'Reads and updates HubSpot contacts: the access token of a HubSpot private app.',
    fields: { token: { label: 'Private app token', placeholder: 'pat-…' }, baseUrl },
  },
  http_header: {
    label: 'HTTP header',
    description: 'An API key sent in a header of each HTTP request.',
    fields: { name: { label: 'Header name', placeholder: 'X-API-Key' }, value: { label: 'Header value' } },
  },
  http_basic: {
    label: 'HTTP basic auth',
    description: 'A user name and password sent with each HTTP request.',
    fields: { username: { label: 'User name' }, password: { label: 'Password' } },
  },
  http_bearer: {
    label: 'HTTP bearer token',
    description: 'A token sent as "Authorization: Bearer …" with each HTTP request.',
    fields: { token: { label: 'Token' } },
  },
};

/** "accountSid" → "Account sid", "api_key" → "Api key". */
const humanize = (name: string) => {
  const spaced = name.replace(/[_-]+/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase().trim();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
};

export const credentialTypeLabel = (type: string) => words[type]?.label ?? humanize(type);
export const credentialTypeDescription = (type: string) => words[type]?.description ?? '';

export function credentialFieldWords(type: string, field: string, schema: CredentialFieldSchema) {
  const w = words[type]?.fields?.[field];
  return {
    label: w?.label ?? schema.title ?? humanize(field),
    hint: w?.hint ?? schema.description,
    placeholder: w?.placeholder,
  };
}
