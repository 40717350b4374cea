/*
 * The agent card. Built after the server listens, because the interface URL
 * must carry the real port (port 0 = random in tests).
 *
 * The card is a v1.0 card. Its JSON-RPC interface is duplicated with
 * protocolVersion 0.3 (duplicateInterfacesForLegacy) so that the SDK's
 * legacy-compat card handler can derive a v0.3 card (url /
 * preferredTransport / protocolVersion "0.3") for clients that do not send
 * `A2A-Version: 1.0`, and the JSON-RPC handler accepts v0.3 methods.
 */
import type { AgentCard, AgentSkill } from '@a2a-js/sdk';
import { duplicateInterfacesForLegacy } from '@a2a-js/sdk/compat/v0_3';
import { AGENT_DISPLAY_NAME } from './content';

export const DEMO_AGENT_VERSION = '0.1.0';
/** Path of the JSON-RPC endpoint, relative to the server URL. */
export const JSONRPC_PATH = '/a2a/jsonrpc';

function skill(
  id: string,
  name: string,
  description: string,
  tags: string[],
  examples: string[],
): AgentSkill {
  return {
    id,
    name,
    description,
    tags,
    examples,
    inputModes: ['text/plain', 'application/json'],
    outputModes: ['text/markdown', 'application/json'],
    securityRequirements: [],
  };
}

const SKILLS: AgentSkill[] = [
  skill(
    'scripted-answer',
    'Scripted answer',
    'Streams a markdown answer (headings, list, table, code) with an execution plan and two fake tool calls. Tune it with /chunks N, /delay MS and /size KB.',
    ['streaming', 'markdown', 'plan', 'tools'],
    [
      'What can you do?',
      '/chunks 200 /delay 5 Stream a long answer in small pieces',
      '/size 256 /chunks 500 /delay 0 Send me a big answer fast',
      '/delay 500 Answer slowly so I can press Stop',
    ],
  ),
  skill(
    'input-form',
    'Ask for input',
    'Ends in input-required with a form (DataPart). Reply on the same task with the values to complete it.',
    ['input-required', 'forms', 'multi-turn'],
    ['/input Deploy my service', '/input /delay 100 Prepare a release'],
  ),
  skill(
    'failures',
    'Simulated failures',
    'Fails mid-stream with a FAILED status (/fail), a JSON-RPC error (/error), or delays the first byte (/hang MS).',
    ['errors', 'resilience'],
    [
      '/fail Fail half-way through the answer',
      '/fail 3 Fail after three chunks',
      '/error Break the stream with a JSON-RPC error',
      '/hang 5000 Wait five seconds before answering',
    ],
  ),
  skill(
    'echo',
    'Echo',
    'Replies immediately with your text as a single message (no task).',
    ['echo', 'message'],
    ['/echo Hello there'],
  ),
];

export function buildAgentCard(baseUrl: string): AgentCard {
  return {
    name: AGENT_DISPLAY_NAME,
    description:
      'A scripted, deterministic A2A agent for developing and testing chat clients: streamed markdown, execution plans, tool notifications, input forms, failures and cancellation. No LLM involved.',
    supportedInterfaces: duplicateInterfacesForLegacy(
      [
        {
          url: `${baseUrl}${JSONRPC_PATH}`,
          protocolBinding: 'JSONRPC',
          tenant: '',
          protocolVersion: '1.0',
        },
      ],
      ['JSONRPC'],
    ),
    provider: { organization: 'Agent Forge (demo)', url: baseUrl },
    version: DEMO_AGENT_VERSION,
    documentationUrl: undefined,
    capabilities: {
      streaming: true,
      pushNotifications: false,
      extensions: [],
      extendedAgentCard: false,
    },
    securitySchemes: {},
    securityRequirements: [],
    defaultInputModes: ['text/plain', 'application/json'],
    defaultOutputModes: ['text/markdown', 'text/plain', 'application/json'],
    skills: SKILLS,
    signatures: [],
    iconUrl: undefined,
  };
}
