import type BetterSqlite3 from 'better-sqlite3';
import { crashPoint } from '../crash-point.js';
import { answerRequests } from '../threads/worker-requests.js';
import { IndexTransaction, writerConnection } from './index-file.js';
import type { WriterRequest } from './index-writer-thread.js';

// The entry of the search index's writer thread: one update, from `begin` to `commit` or `rollback`.
let db: BetterSqlite3.Database | undefined;
let transaction: IndexTransaction | undefined;
let fresh = false;

answerRequests<WriterRequest, null>((request) => {
  switch (request.type) {
    case 'begin':
      db = writerConnection(request.file, request.fresh);
      fresh = request.fresh;
      transaction = new IndexTransaction(db, request.remove);
      break;
    case 'add':
      if (!transaction) throw new Error('no update begun');
      transaction.add(request.pages);
      if (fresh) crashPoint('search:first-index-begun');
      break;
    case 'commit':
      if (!transaction) throw new Error('no update begun');
      transaction.commit(request.revision);
      db?.close();
      break;
    case 'rollback':
      transaction?.rollback();
      db?.close();
      break;
  }
  return null;
});
