import { BulkIndexer } from './bulk-indexer';
import { IndexAction } from './documents';
import { DocumentsRepository } from './documents.repository';

const removal: IndexAction = {
  kind: 'members',
  op: 'index',
  id: 'c1:u1',
  version: 2,
  doc: { channel_id: 'c1', user_id: 'u1', member: false },
};

function indexer() {
  const written: IndexAction[][] = [];
  const documents = {
    bulk: async (actions: IndexAction[]) => {
      written.push(actions);
      return actions.map(() => ({ outcome: 'written' as const }));
    },
  } as unknown as DocumentsRepository;
  const committed: string[] = [];
  const ack = (source: string) => ({
    source,
    commit: async () => void committed.push(source),
    heartbeat: async () => undefined,
  });
  // The interval timer is never started: only `add` can cause a write here.
  return { bulk: new BulkIndexer(documents, { maxDocs: 100, intervalMs: 60_000 }), written, committed, ack };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('BulkIndexer', () => {
  it('holds ordinary documents for the next bulk', async () => {
    const { bulk, written, ack } = indexer();
    await bulk.add([{ ...removal, id: 'c1:u2' }], new Date().toISOString(), ack('p0'));
    await settle();
    expect(written).toEqual([]);
    expect(bulk.pending).toBe(1);
  });

  it('writes at once what takes access away, with what was waiting, and then commits', async () => {
    const { bulk, written, committed, ack } = indexer();
    await bulk.add([{ ...removal, id: 'c1:u2' }], new Date().toISOString(), ack('p0'));
    await bulk.add([removal], new Date().toISOString(), ack('p1'), true);
    await settle();
    expect(written).toEqual([[{ ...removal, id: 'c1:u2' }, removal]]);
    expect(committed.sort()).toEqual(['p0', 'p1']);
    expect(bulk.pending).toBe(0);
  });
});
