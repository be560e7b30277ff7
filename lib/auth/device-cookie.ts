import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

// A browser that signed in to an account before carries this cookie (OWASP "device cookies"): the account's
// e-mail and a random device id, signed with AUTH_SECRET. Failures from that browser are counted apart from
// strangers', so guessing from elsewhere cannot lock the owner out of a device they already use.
export const DEVICE_COOKIE_MAX_AGE_S = 365 * 24 * 60 * 60;

export function deviceCookieName(secure: boolean): string {
  // The __Secure- prefix makes browsers refuse the cookie unless it was set over https with Secure.
  return secure ? '__Secure-mailroom-device' : 'mailroom-device';
}

function signature(secret: string, email: string, deviceId: string): Buffer {
  return createHmac('sha256', secret).update(`mailroom-device-cookie:v1:${email}:${deviceId}`).digest();
}

/** A new device id for `email` and the cookie value naming both. */
export function signDeviceCookie(
  secret: string,
  options: { email: string; deviceId?: string },
): { value: string; deviceId: string } {
  const email = options.email.trim().toLowerCase();
  const deviceId = options.deviceId ?? randomBytes(16).toString('base64url');
  const value = [
    Buffer.from(email).toString('base64url'),
    deviceId,
    signature(secret, email, deviceId).toString('base64url'),
  ].join('.');
  return { value, deviceId };
}

/** The device id when `value` is a cookie this server signed for `email`, otherwise null. */
export function verifyDeviceCookie(secret: string, value: string | undefined | null, email: string): string | null {
  if (!value) return null;
  const [encodedEmail, deviceId, mac, extra] = value.split('.');
  if (!encodedEmail || !deviceId || !mac || extra !== undefined || !/^[\w-]{16,64}$/.test(deviceId)) return null;
  const wanted = email.trim().toLowerCase();
  if (Buffer.from(encodedEmail, 'base64url').toString() !== wanted) return null;
  const expected = signature(secret, wanted, deviceId);
  const given = Buffer.from(mac, 'base64url');
  return given.length === expected.length && timingSafeEqual(given, expected) ? deviceId : null;
}
