/**
 * The runtime's Database plugin on its own (no page, no service): the limit it checks is the
 * last SessionResponse's maxCustomDataBytes, sets merge, the store's pending/sent/reopen
 * cycle, and the queue before Database.ready.
 */
import { expect } from '@open-wc/testing';
import { LIMITS, sizeExceededPayload } from '../../src/genesys/contract.js';
import { createDatabase, READY_WARNING } from '../../emulator/runtime/database.js';

interface Published {
  eventName: string;
  data: any;
}

function make(limit?: number) {
  const published: Published[] = [];
  const log: string[] = [];
  const database = { messaging: { customAttributes: {} } };
  const bus = { publish: (eventName: string, data: unknown) => published.push({ eventName, data: data ?? {} }), subscribe() {}, wasPublished: () => false };
  const db = createDatabase({ bus, log, database, limit: () => limit });
  return { db, published, log, database };
}

const set = (db: any, customAttributes: Record<string, unknown>) => db.command('Database.set', { messaging: { customAttributes } });

async function refused(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  throw new Error('expected a rejection');
}

describe('the runtime Database plugin', () => {
  it('checks against maxCustomDataBytes from the last SessionResponse, else the documented 2048', async () => {
    const small = make(20);
    small.db.markReady();
    await set(small.db, { k: '123456789' }); // 10 bytes
    expect(await refused(set(small.db, { j: '1234567890' }))).to.equal(sizeExceededPayload(20).body);
    expect(small.published.find((p) => p.eventName === 'MessagingService.customAttributesSizeExceeded')!.data).to.deep.equal(
      sizeExceededPayload(20),
    );
    expect(small.database.messaging.customAttributes).to.deep.equal({ k: '123456789' });

    const normal = make(undefined);
    normal.db.markReady();
    await set(normal.db, { k: 'v'.repeat(LIMITS.maxCustomDataBytes - 1) });
    expect(await refused(set(normal.db, { x: '1' }))).to.equal(sizeExceededPayload(LIMITS.maxCustomDataBytes).body);
  });

  it('pending after a set, the whole set taken once, pending again after a new set or a closed session', async () => {
    const { db } = make();
    db.markReady();
    expect(db.take()).to.equal(undefined);
    await set(db, { a: '1' });
    await set(db, { b: '2' });
    expect(db.take()).to.deep.equal({ a: '1', b: '2' });
    expect(db.take()).to.equal(undefined);
    await set(db, { a: '3' });
    expect(db.take()).to.deep.equal({ a: '3', b: '2' });
    db.reopen();
    expect(db.take()).to.deep.equal({ a: '3', b: '2' });
  });

  it('refuses nested attribute values and non-object options without changing anything', async () => {
    const { db, database } = make();
    db.markReady();
    await set(db, { a: '1' });
    expect(await refused(set(db, { nested: { no: 1 } }))).to.contain('string, number or boolean');
    expect(await refused(db.command('Database.set', 'text'))).to.contain('object');
    expect(await refused(db.command('Database.remove', {}))).to.contain('"name"');
    expect(database.messaging.customAttributes).to.deep.equal({ a: '1' });
  });

  it('queues commands until ready, warns once, then runs them in order', async () => {
    const { db, log, published } = make();
    const warn = console.warn;
    const warnings: unknown[] = [];
    console.warn = (...args: unknown[]) => warnings.push(args[0]);
    try {
      const first = set(db, { a: '1' });
      const second = db.command('Database.get', { name: 'messaging.customAttributes' });
      expect(log).to.deep.equal(['queued:Database.set', 'queued:Database.get']);
      db.markReady();
      await first;
      expect(await second).to.deep.equal({ a: '1' });
      expect(warnings).to.deep.equal([READY_WARNING]);
      expect(published.map((p) => p.eventName)).to.deep.equal(['Database.ready', 'Database.updated']);
      expect(log).to.deep.equal(['queued:Database.set', 'queued:Database.get', 'command:Database.set', 'command:Database.get']);
    } finally {
      console.warn = warn;
    }
  });
});
