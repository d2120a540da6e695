/** Fetches a stored certificate's metadata by id (null id → nothing). */
import { useEffect, useState } from 'react';
import { useApi } from '../../app/session';
import type { CertificateView } from '../../api/types';

/** The metadata of `id`, or null while unknown/absent; `seed` avoids a fetch right after an upload. */
export function useCertificateInfo(id: string | null, seed: CertificateView | null): CertificateView | null {
  const api = useApi();
  const [info, setInfo] = useState<CertificateView | null>(seed !== null && seed.id === id ? seed : null);

  useEffect(() => {
    if (id === null) {
      setInfo(null);
      return undefined;
    }
    if (seed !== null && seed.id === id) {
      setInfo(seed);
      return undefined;
    }
    let active = true;
    api
      .getCertificate(id)
      .then((view) => active && setInfo(view))
      .catch(() => active && setInfo(null));
    return () => {
      active = false;
    };
  }, [api, id, seed]);

  return info;
}
