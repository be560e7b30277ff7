import { describe, expect, it } from 'vitest';
import { signDeviceCookie, verifyDeviceCookie } from './device-cookie';

const secret = 'a test secret that is long enough';

describe('device cookies', () => {
  it('names the account and a random device, and is valid only for that account and secret', () => {
    const { value, deviceId } = signDeviceCookie(secret, { email: 'Owner@Example.test' });
    expect(verifyDeviceCookie(secret, value, 'owner@example.test')).toBe(deviceId);
    expect(verifyDeviceCookie(secret, value, ' OWNER@example.test ')).toBe(deviceId);
    expect(verifyDeviceCookie(secret, value, 'someone-else@example.test')).toBeNull();
    expect(verifyDeviceCookie('another secret', value, 'owner@example.test')).toBeNull();
    expect(signDeviceCookie(secret, { email: 'owner@example.test' }).deviceId).not.toBe(deviceId);
  });

  it('refuses a forged or altered cookie', () => {
    const { value } = signDeviceCookie(secret, { email: 'owner@example.test' });
    const [email, , mac] = value.split('.');
    expect(verifyDeviceCookie(secret, `${email}.chosen-by-attacker-1234.${mac}`, 'owner@example.test')).toBeNull();
    expect(verifyDeviceCookie(secret, `${value}x`, 'owner@example.test')).toBeNull();
    expect(verifyDeviceCookie(secret, `${value}.more`, 'owner@example.test')).toBeNull();
    expect(verifyDeviceCookie(secret, '', 'owner@example.test')).toBeNull();
    expect(verifyDeviceCookie(secret, undefined, 'owner@example.test')).toBeNull();
  });
});
