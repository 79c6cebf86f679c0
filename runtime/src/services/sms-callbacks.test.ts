import { describe, expect, it } from 'vitest';
import { twilioSignature } from './sms-callbacks.js';

// The worked example of Twilio's request-validation documentation (and of its SDKs' tests).
const URL = 'https://mycompany.com/myapp.php?foo=1&bar=2';
const PARAMS = { CallSid: 'CA1234567890ABCDE', Caller: '+14158675309', Digits: '1234', From: '+14158675309', To: '+18005551212' };

describe('twilioSignature', () => {
  it("reproduces Twilio's documented signature, whatever order the parameters come in", () => {
    expect(twilioSignature('12345', URL, PARAMS)).toBe('RSOYDt4T1cUTdK1PDd93/VVr8B8=');
    const reversed = Object.fromEntries(Object.entries(PARAMS).reverse());
    expect(twilioSignature('12345', URL, reversed)).toBe('RSOYDt4T1cUTdK1PDd93/VVr8B8=');
  });

  it('changes with the token, the URL and every parameter', () => {
    expect(twilioSignature('54321', URL, PARAMS)).not.toBe('RSOYDt4T1cUTdK1PDd93/VVr8B8=');
    expect(twilioSignature('12345', `${URL}&x=1`, PARAMS)).not.toBe('RSOYDt4T1cUTdK1PDd93/VVr8B8=');
    expect(twilioSignature('12345', URL, { ...PARAMS, Digits: '9999' })).not.toBe('RSOYDt4T1cUTdK1PDd93/VVr8B8=');
  });
});
