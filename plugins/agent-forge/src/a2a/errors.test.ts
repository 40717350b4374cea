import { JsonRpcTaskNotFoundError, RestTaskNotFoundError } from '@a2a-js/sdk/errors';
import { AgentTimeoutError, classifyAgentError } from './errors';

const HTML_401 =
  '<!DOCTYPE html><html><head><title>401 Unauthorized</title></head>' +
  '<body><h1>Unauthorized</h1><p>Token expired</p></body></html>';

describe('classifyAgentError', () => {
  it('classifies an AbortError as aborted', () => {
    expect(classifyAgentError(new DOMException('The user aborted a request.', 'AbortError'))).toEqual({
      kind: 'aborted',
      message: 'The request was stopped.',
    });
  });

  it('classifies an AgentTimeoutError as timeout', () => {
    expect(classifyAgentError(new AgentTimeoutError(30_000))).toEqual({
      kind: 'timeout',
      message: 'No answer from the agent within 30 s. Retry, or raise agentForge.requestTimeoutMs.',
    });
  });

  it('classifies an SDK 401 as auth, without any HTML in the message or the detail', () => {
    const error = new Error(`HTTP error for SendStreamingMessage! Status: 401 Unauthorized. Response: ${HTML_401}`);

    const classified = classifyAgentError(error);

    expect(classified).toEqual({
      kind: 'auth',
      status: 401,
      message: 'The agent did not accept your credentials (HTTP 401). Sign in again or check the agent configuration.',
      detail:
        'HTTP error for SendStreamingMessage! Status: 401 Unauthorized. Response: Unauthorized Token expired',
    });
    expect(`${classified.message} ${classified.detail}`).not.toMatch(/[<>]/);
  });

  it.each([
    [403, 'auth', 'You are not allowed to use this agent (HTTP 403).'],
    [404, 'http', 'The agent endpoint was not found (HTTP 404). Check agentForge.baseUrl or agentForge.proxyPath.'],
    [413, 'http', 'The message is too large for the agent (HTTP 413). Shorten it and send again.'],
    [429, 'http', 'The agent is busy (HTTP 429). Wait a moment and retry.'],
    [500, 'http', "The agent failed with HTTP 500. Retry, or check the agent's logs."],
    [418, 'http', 'The agent rejected the request with HTTP 418.'],
  ])('classifies an SDK HTTP %i as %s', (status, kind, message) => {
    const error = new Error(`HTTP error for SendMessage! Status: ${status} Whatever. Response: (empty)`);

    expect(classifyAgentError(error)).toMatchObject({ kind, status, message });
  });

  it('reads the status of a failed agent card fetch', () => {
    const error = new Error('Failed to fetch Agent Card from http://x/.well-known/agent-card.json: 404');

    expect(classifyAgentError(error)).toEqual({
      kind: 'http',
      status: 404,
      message: 'The agent endpoint was not found (HTTP 404). Check agentForge.baseUrl or agentForge.proxyPath.',
      detail: 'Failed to fetch Agent Card from http://x/.well-known/agent-card.json: 404',
    });
  });

  it('reads the status of a stream that could not be established', () => {
    const error = new Error('HTTP error establishing stream for message/stream: 502 Bad Gateway');

    expect(classifyAgentError(error)).toEqual({
      kind: 'http',
      status: 502,
      message: "The agent failed with HTTP 502. Retry, or check the agent's logs.",
      detail: 'HTTP error establishing stream for message/stream: 502 Bad Gateway',
    });
  });

  it('reads the status of a typed REST error', () => {
    const error = new RestTaskNotFoundError({ message: 'HTTP error for /v1/tasks/t1: 404 Not Found', statusCode: 404 });

    expect(classifyAgentError(error)).toMatchObject({ kind: 'http', status: 404 });
  });

  it.each([
    ['fetch failed', new TypeError('fetch failed')],
    ['Failed to fetch', new TypeError('Failed to fetch')],
    ['NetworkError when attempting to fetch resource.', new TypeError('NetworkError when attempting to fetch resource.')],
    ['Load failed', new TypeError('Load failed')],
    ['connect ECONNREFUSED 127.0.0.1:8000', new Error('connect ECONNREFUSED 127.0.0.1:8000')],
  ])('classifies "%s" as network', (detail, error) => {
    expect(classifyAgentError(error)).toEqual({
      kind: 'network',
      detail,
      message: "Can't reach the agent. Check that it is running and reachable, then retry.",
    });
  });

  it('classifies a fetch TypeError from another realm as network', () => {
    // What `instanceof` cannot recognise: e.g. Node's fetch error inside the jsdom test environment.
    const foreign = { name: 'TypeError', message: 'fetch failed' };

    expect(classifyAgentError(foreign)).toMatchObject({ kind: 'network', detail: 'fetch failed' });
  });

  it('classifies a TypeError that is not about the network as protocol', () => {
    expect(classifyAgentError(new TypeError("Cannot read properties of undefined (reading 'parts')"))).toMatchObject({
      kind: 'protocol',
    });
  });

  it('classifies a plain Error whose cause is a typed JSON-RPC error as rpc', () => {
    const error = new Error('SSE event contained an error', {
      cause: new JsonRpcTaskNotFoundError({ message: 'gone' }),
    });

    expect(classifyAgentError(error)).toEqual({
      kind: 'rpc',
      code: -32001,
      reason: 'TASK_NOT_FOUND',
      message: 'The agent reported an error: gone',
      detail: 'SSE event contained an error',
    });
  });

  it('classifies a typed JSON-RPC error thrown directly as rpc', () => {
    expect(classifyAgentError(new JsonRpcTaskNotFoundError({ message: '<b>gone</b>' }))).toEqual({
      kind: 'rpc',
      code: -32001,
      reason: 'TASK_NOT_FOUND',
      message: 'The agent reported an error: gone',
      detail: 'gone',
    });
  });

  it('classifies anything else as protocol', () => {
    const protocolMessage = 'The agent sent a response that could not be understood.';
    expect(classifyAgentError(new Error('Unexpected token < in JSON'))).toEqual({
      kind: 'protocol',
      detail: 'Unexpected token < in JSON',
      message: protocolMessage,
    });
    expect(classifyAgentError('weird')).toEqual({ kind: 'protocol', detail: 'weird', message: protocolMessage });
    expect(classifyAgentError(undefined)).toEqual({ kind: 'protocol', message: protocolMessage });
    expect(classifyAgentError(null)).toEqual({ kind: 'protocol', message: protocolMessage });
  });

  it('bounds the detail to 300 characters', () => {
    const error = new Error(`HTTP error for SendMessage! Status: 500 Internal. Response: ${'x'.repeat(1000)}`);

    const { detail } = classifyAgentError(error);

    expect(detail).toHaveLength(301);
    expect(detail?.endsWith('x…')).toBe(true);
  });
});
