/**
 * The case page's one busy/error/reload sequence: run an action, show busy only on that action's own button, show
 * its error in words next to it, and show the case as it is afterwards (the answer on success, a reload on failure).
 */
import { useRef, useState } from 'react';
import type { ApiResult } from '../../../types/result';
import type { CaseView } from '../../../types/domain';

/** Which action: a button ('claim', 'urge', 'resolve'…) or a panel ('note', 'handover', 'rate'…). */
export type ActionKey = string;

/**
 * How an action's step ended: the server's answer, words to show without sending anything (e.g. the dialog did not
 * open), or null when nothing was sent on purpose (the person said no in the dialog).
 */
export type StepOutcome = ApiResult<CaseView> | { said: string } | null;

export interface CaseAction {
  /** The action now running; only its own button shows busy. */
  busy: ActionKey | null;
  /** The last action's failure, in words, and whose it is. */
  error: { key: ActionKey; message: string } | null;
  /** The last success's words, for the line above the actions. */
  done: string | null;
  /** The words to show next to `key`'s button, if the last failure was its. */
  errorOf: (key: ActionKey) => string | null;
  /** Whether an action is running now (read in tap handlers: a second tap while one runs does nothing). */
  running: () => boolean;
  /** Show `message` next to `key` (a check that failed before anything was sent). */
  say: (key: ActionKey, message: string) => void;
  /** Forget the last failure (and the last success's words unless `keepDone`). */
  clear: (keepDone?: boolean) => void;
  /**
   * Run `step` as `key`: busy on its button, then the case as the answer says (and `done`'s words), or the failure
   * next to the button and the case reloaded. Resolves true when the step succeeded; a tap while another runs is ignored.
   */
  run: (key: ActionKey, step: () => Promise<StepOutcome>, done?: string | null) => Promise<boolean>;
}

export interface CaseActionOptions {
  /** Show this case (the answer of a step that succeeded). */
  show: (view: CaseView) => void;
  /** Read the case again, keeping the failure's words on screen. */
  reload: () => Promise<void>;
}

export function useCaseAction({ show, reload }: CaseActionOptions): CaseAction {
  const [busy, setBusy] = useState<ActionKey | null>(null);
  const [error, setError] = useState<{ key: ActionKey; message: string } | null>(null);
  const [done, setDone] = useState<string | null>(null);
  // NOTE: state updates land after the tap; the ref makes a second tap in the same moment see the first.
  const busyRef = useRef(false);

  const run = async (key: ActionKey, step: () => Promise<StepOutcome>, doneText: string | null = null): Promise<boolean> => {
    if (busyRef.current) return false;
    busyRef.current = true;
    setBusy(key);
    setError(null);
    setDone(null);
    let ok = false;
    try {
      const res = await step();
      if (res === null) {
        // Nothing sent: the person changed their mind.
      } else if ('said' in res) {
        setError({ key, message: res.said });
      } else if (res.ok) {
        show(res.data);
        if (doneText) setDone(doneText);
        ok = true;
      } else {
        // e.g. another member claimed it first: say so, and show the case as it is now.
        setError({ key, message: res.error.message });
        await reload();
      }
    } finally {
      busyRef.current = false;
      setBusy(null);
    }
    return ok;
  };

  return {
    busy,
    error,
    done,
    errorOf: (key) => (error && error.key === key ? error.message : null),
    running: () => busyRef.current,
    say: (key, message) => {
      setError({ key, message });
      setDone(null);
    },
    clear: (keepDone = false) => {
      setError(null);
      if (!keepDone) setDone(null);
    },
    run,
  };
}
