/** Whether the saved sender is still Herald's default (the layout's warning on every page but the settings). */
import { useEffect, useState } from 'react';
import { useApi } from './session';
import { usesDefaultSender } from '../components/DefaultSenderNotice';

/**
 * Whether the saved sender is still the default, read again whenever `refreshKey` changes
 * (the layout passes the route, so saving the settings and moving on clears the warning).
 */
export function useSavedSenderIsDefault(refreshKey: string): boolean {
  const api = useApi();
  const [isDefault, setIsDefault] = useState(false);
  useEffect(() => {
    let active = true;
    api
      .getEmailSettings()
      .then((settings) => active && setIsDefault(usesDefaultSender(settings.sender)))
      .catch(() => active && setIsDefault(false));
    return () => {
      active = false;
    };
  }, [api, refreshKey]);
  return isDefault;
}
