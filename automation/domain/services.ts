/** The three services flightdeck releases, and the stack config and outputs that belong to each. */
export const serviceNames = ["api", "web", "mcp"] as const;
export type ServiceName = (typeof serviceNames)[number];

export interface ServiceKeys {
  /** Stack config holding the git hash this service is released at. */
  hashConfig: string;
  /** Stack config holding the rollback pin; cleared by the next deploy that changes the service. */
  pinConfig: string;
  /** Stack output holding the live pointer (api version, task definition ARN, web release). */
  pointerOutput: string;
  /** Stack output holding the URL whose answer proves which hash is live. */
  healthOutput: string;
}

export const serviceKeys: Record<ServiceName, ServiceKeys> = {
  api: {
    hashConfig: "flightdeck:apiGitHash",
    pinConfig: "flightdeck:apiPinnedVersion",
    pointerOutput: "apiLiveVersion",
    healthOutput: "apiHealthUrl",
  },
  web: {
    hashConfig: "flightdeck:webGitHash",
    pinConfig: "flightdeck:webPinnedRelease",
    pointerOutput: "webLiveRelease",
    healthOutput: "webUrl",
  },
  mcp: {
    hashConfig: "flightdeck:mcpGitHash",
    pinConfig: "flightdeck:mcpPinnedTaskDefinition",
    pointerOutput: "mcpTaskDefinitionArn",
    healthOutput: "mcpHealthUrl",
  },
};
