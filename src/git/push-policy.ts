/**
 * What a `git push` over HTTP may do to the published branch: move it forward, yes; rewrite its history
 * (force-push) or delete it, only when the deployment allows it (`auth.allow_force_push`).
 *
 * Whether an update rewrites history can only be known once the pushed objects have arrived, so the
 * check is a `pre-receive` hook: git runs it after receiving the pack and before moving any ref, and a
 * refusal leaves the repository untouched. The hooks live in Feuillet's data folder and are given to
 * git for the push only (`core.hooksPath`), so the repository itself is never modified; the repository's
 * own hooks of the same names still run, called from ours.
 */
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runGit } from './run.js';
import { uniqueFileName } from '../store/durable-file.js';

export interface PushPolicy {
  /** The full ref name readers see, e.g. `refs/heads/main`. */
  readonly publishedRef: string;
  readonly allowRewrite: boolean;
}

export const HOOKS_FOLDER = 'git-hooks';

const PRE_RECEIVE = `#!/bin/sh
# Feuillet: refuses pushes that rewrite or delete the published branch, unless auth.allow_force_push.
# Then runs the repository's own pre-receive hook, if any.
input=$(cat)
status=0
while read -r old new ref; do
  [ -n "$ref" ] || continue
  [ "$ref" = "$FEUILLET_PUBLISHED_REF" ] || continue
  [ "$FEUILLET_ALLOW_REWRITE" = 1 ] && continue
  case $new in
    *[!0]*) ;;
    *)
      echo "Feuillet : la branche publiée $ref ne peut pas être supprimée." >&2
      echo "Feuillet: the published branch $ref cannot be deleted." >&2
      status=1
      continue ;;
  esac
  case $old in *[!0]*) ;; *) continue ;; esac
  if ! git merge-base --is-ancestor "$old" "$new" 2>/dev/null; then
    echo "Feuillet : ce push réécrit l'historique de la branche publiée $ref (force-push) ; il est refusé." >&2
    echo "Feuillet: this push rewrites the history of the published branch $ref (force-push); it is refused." >&2
    status=1
  fi
done <<EOF
$input
EOF
[ "$status" = 0 ] || exit 1
own="$(git rev-parse --git-common-dir)/hooks/pre-receive"
if [ -x "$own" ]; then printf '%s\\n' "$input" | "$own"; exit $?; fi
exit 0
`;

/** The other hooks a push runs: they only hand over to the repository's own, so those keep working. */
function passThrough(name: string): string {
  return `#!/bin/sh
own="$(git rev-parse --git-common-dir)/hooks/${name}"
[ -x "$own" ] && exec "$own" "$@"
exit 0
`;
}

const HOOKS: Record<string, string> = {
  'pre-receive': PRE_RECEIVE,
  update: passThrough('update'),
  'post-receive': passThrough('post-receive'),
  'post-update': passThrough('post-update'),
};

/** Writes the hooks into `<dataDir>/git-hooks` (when missing or outdated) and returns that folder. */
export async function installPushHooks(dataDir: string): Promise<string> {
  const dir = join(dataDir, HOOKS_FOLDER);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  for (const [name, script] of Object.entries(HOOKS)) {
    const file = join(dir, name);
    const current = await readFile(file, 'utf8').catch(() => undefined);
    if (current === script) continue;
    // Unique: two starts at once (in this process or two) each write a whole file and move it in.
    const aside = `${file}.${uniqueFileName()}.tmp`;
    await writeFile(aside, script, { mode: 0o700 });
    await chmod(aside, 0o700);
    await rename(aside, file);
  }
  return dir;
}

/** The full name of the branch a wiki publishes: the one given, or the one HEAD points at. */
export async function publishedRefOf(gitDir: string, ref: string | undefined): Promise<string | undefined> {
  if (ref !== undefined) return ref.startsWith('refs/') ? ref : `refs/heads/${ref}`;
  const result = await runGit(['symbolic-ref', '-q', 'HEAD'], { cwd: gitDir, okCodes: [1, 128] });
  const name = result.stdout.toString('utf8').trim();
  return result.code === 0 && name ? name : undefined;
}

/** Configuration and environment that make a push through `git http-backend` follow the policy. */
export function pushSettings(hooksDir: string, policy: PushPolicy, bare: boolean): { config: Record<string, string>; env: Record<string, string> } {
  const config: Record<string, string> = { 'core.hooksPath': hooksDir };
  // A working clone's checked-out branch moves, and its files with it when they are clean; when someone
  // has uncommitted edits there, git refuses the push rather than leave files and branch disagreeing.
  if (!bare) config['receive.denyCurrentBranch'] = 'updateInstead';
  return {
    config,
    env: { FEUILLET_PUBLISHED_REF: policy.publishedRef, FEUILLET_ALLOW_REWRITE: policy.allowRewrite ? '1' : '0' },
  };
}
