/**
 * Web Storage that never throws: storage can be disabled or full (private modes, strict
 * cookie settings), and the elements must keep working without it.
 */
type Area = 'sessionStorage' | 'localStorage';

function area(name: Area): Storage | undefined {
  try {
    return window[name];
  } catch {
    return undefined;
  }
}

export function readStorage(name: Area, key: string): string | null {
  try {
    return area(name)?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

/** True only when the storage took the write (it is there, not full, and reads it back). */
export function writeStorage(name: Area, key: string, value: string): boolean {
  try {
    const storage = area(name);
    if (!storage) return false;
    storage.setItem(key, value);
    return storage.getItem(key) === value;
  } catch {
    return false;
  }
}

export function removeStorage(name: Area, key: string): void {
  try {
    area(name)?.removeItem(key);
  } catch {
    /* nothing to remove */
  }
}

/**
 * What the lab keeps: `<gc-messenger>`'s region (sessionStorage, and localStorage for new tabs),
 * its deployment ID (sessionStorage; localStorage too when the student asks) and
 * `<gc-login-form>`'s fields (sessionStorage). The messenger's Reset forgets all but the region
 * kept for the browser, as the lab's does (see src/messenger/form.ts).
 */
export const CONFIG_KEYS = {
  environment: 'gc-lab:environment',
  deploymentId: 'gc-lab:deployment-id',
  login: 'gc-lab:login',
} as const;
