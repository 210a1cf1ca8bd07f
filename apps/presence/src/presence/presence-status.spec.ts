import { effectiveStatus, isoOrNull } from './presence-status';

describe('effective presence', () => {
  const now = 1_700_000_000_000;

  it('is offline without a live heartbeat, whatever was chosen', () => {
    expect(effectiveStatus('dnd', null, now)).toBe('offline');
    expect(effectiveStatus('away', now - 1, now)).toBe('offline');
    expect(effectiveStatus(null, null, now)).toBe('offline');
  });

  it('is the chosen status while live, online by default', () => {
    expect(effectiveStatus(null, now + 1000, now)).toBe('online');
    expect(effectiveStatus('dnd', now, now)).toBe('dnd');
    expect(effectiveStatus('offline', now + 1000, now)).toBe('offline');
  });

  it('formats last seen as ISO or null', () => {
    expect(isoOrNull(null)).toBeNull();
    expect(isoOrNull(0)).toBe('1970-01-01T00:00:00.000Z');
  });
});
