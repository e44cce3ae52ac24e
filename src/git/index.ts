/**
 * The face of git for the rest of Feuillet: what the wiki, the editor, review, the server and the commands
 * may use. The files behind it (processes, pipes, trees, locks) are this folder's own business.
 */
export { repairInterruptedMoves, type WorktreeInTheWay } from './advance-branch.js';
export { withBranchLock } from './branch-lock.js';
export { applySeries, changedPaths, commitSeries, firstParent, type ApplyOutcome, type BranchKeptMoving, type ConflictingSeries } from './apply.js';
export { blobAt } from './blob-at.js';
export { LARGE_BLOB_BYTES, type ReadPriority } from './cat-file.js';
export { CommitFilesError, commitFiles, writeBlobs, type FileChange } from './commit-files.js';
export { commitOnBranch, type BranchWork } from './commit-on-branch.js';
export { ApplyInputError, GitError, gitErrors } from './errors.js';
export { patchMail } from './format-patch.js';
export { commitWithFiles, commitInHistory, fileAt, fileLog, folderLog, relativeToRoot, type ChangedFile, type ChangeStatus, type HistoryCommit } from './history.js';
export { runHttpBackend, smartHttpService } from './http-backend.js';
export { configuredIdentity, type Identity } from './identity.js';
export { initRepository } from './init.js';
export { isRunning, removeLeftovers } from './leftovers.js';
export { commitsLinking } from './linked-commits.js';
export { mergeTexts, type TextMerge } from './merge-text.js';
export { hooksDone } from './post-receive.js';
export { installPushHooks, publishedRefOf, pushSettings } from './push-policy.js';
export { GitRepository, type CommitInfo, type TreeEntry } from './repository.js';
export { TaskQueues } from './task-queues.js';
