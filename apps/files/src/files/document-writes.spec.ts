import { DocumentWrites } from './document-writes';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('DocumentWrites', () => {
  it('runs the writes to one document one at a time, in order, even when one fails', async () => {
    const writes = new DocumentWrites();
    const log: string[] = [];
    let inFlight = 0;
    const write = (name: string, fail = false) =>
      writes.run('a', async () => {
        inFlight += 1;
        expect(inFlight).toBe(1);
        log.push(`${name} start`);
        await tick();
        log.push(`${name} end`);
        inFlight -= 1;
        if (fail) throw new Error(name);
        return name;
      });
    const results = await Promise.allSettled([write('one'), write('two', true), write('three')]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([
      'one',
      'two',
      'three',
    ]);
    expect(log).toEqual(['one start', 'one end', 'two start', 'two end', 'three start', 'three end']);
  });

  it('lets writes to different documents overlap, and keeps nothing once they are done', async () => {
    const writes = new DocumentWrites();
    let inFlight = 0;
    let most = 0;
    await Promise.all(
      ['a', 'b', 'c'].map((id) =>
        writes.run(id, async () => {
          inFlight += 1;
          most = Math.max(most, inFlight);
          await tick();
          inFlight -= 1;
        }),
      ),
    );
    expect(most).toBe(3);
    await tick();
    expect(writes.busy).toBe(0);
  });
});
