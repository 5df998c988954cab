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

export function writeStorage(name: Area, key: string, value: string): boolean {
  try {
    area(name)?.setItem(key, value);
    return true;
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

/** Where `<gc-messenger>`'s form keeps the region and deployment ID for the browser session. */
export const CONFIG_KEYS = {
  environment: 'gc-lab:environment',
  deploymentId: 'gc-lab:deployment-id',
} as const;
