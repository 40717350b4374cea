import { createFetchApi, FetchMiddlewares } from '@backstage/core-app-api';
import { mockApis } from '@backstage/test-utils';

/** One request as it left Backstage's fetchApi for the network. */
export interface SentRequest {
  url: string;
  method: string;
  authorization: string | null;
}

/**
 * Backstage's own fetchApi, with the middlewares an app installs: `plugin://`
 * URLs resolved through discovery, and the user's token added to requests
 * for the backend (`backend.baseUrl`). What leaves it is recorded, then
 * really sent.
 */
export function backstageFetchApi(options: { backendUrl: string; token: string }) {
  const sent: SentRequest[] = [];
  const discoveryApi = {
    getBaseUrl: async (pluginId: string) => `${options.backendUrl}/api/${pluginId}`,
  };
  const network: typeof fetch = (input, init) => {
    const request = new Request(input, init);
    sent.push({ url: request.url, method: request.method, authorization: request.headers.get('authorization') });
    return fetch(request);
  };
  const fetchApi = createFetchApi({
    baseImplementation: network,
    middleware: [
      FetchMiddlewares.resolvePluginProtocol({ discoveryApi }),
      FetchMiddlewares.injectIdentityAuth({
        identityApi: mockApis.identity({ token: options.token }),
        config: mockApis.config({ data: { backend: { baseUrl: options.backendUrl } } }),
      }),
    ],
  });
  return { fetchApi, discoveryApi, sent };
}
