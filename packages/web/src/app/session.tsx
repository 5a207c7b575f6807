import { createContext, useContext } from 'react';
import type { Me } from './api.ts';

export interface Session {
  me: Me | null;
  setMe: (me: Me | null) => void;
  logout: () => Promise<void>;
}

export const SessionContext = createContext<Session>({ me: null, setMe: () => {}, logout: async () => {} });
export const useSession = () => useContext(SessionContext);
