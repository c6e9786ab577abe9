import { useEffect, useState } from 'react';
import { clearHash } from '../../router.tsx';

/**
 * Reads the one-time token from the URL fragment (#token=…), which browsers never send to
 * servers, then removes it from the address bar so that it does not linger in history.
 */
export function useFragmentToken(): string | undefined {
  const [token] = useState(() => {
    const value = new URLSearchParams(window.location.hash.slice(1)).get('token') ?? undefined;
    return value && value.length >= 20 ? value : undefined;
  });
  useEffect(() => clearHash(), []);
  return token;
}
