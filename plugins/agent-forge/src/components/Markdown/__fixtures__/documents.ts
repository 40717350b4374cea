/**
 * Realistic agent replies for the block-splitter property tests. They mix
 * every block kind, including the awkward ones: fences with blank lines (both
 * ``` and ~~~, nested in list items, interrupting a paragraph), loose and
 * nested lists, tables, blockquotes, HTML comments, CRLF line endings.
 */

const fence = '```';

export const AGENT_REPLY = `# Deploying the payments service

Here's a summary of what I found after looking at the **payments-api** repository
and its recent deploy history. I checked the last _20_ pipeline runs, the
Kubernetes manifests and the alerting rules.

## TL;DR

- The deploy fails because the \`DATABASE_URL\` secret is missing in \`staging\`.
- The readiness probe is too aggressive (\`initialDelaySeconds: 2\`).
- Two alerts fire on every deploy; they should be silenced during rollout.

## Pipeline runs

| Run | Branch | Result | Duration | Notes |
|----:|:-------|:------:|---------:|-------|
| 1042 | main | ❌ failed | 4m 12s | secret \`DATABASE_URL\` not found |
| 1041 | main | ✅ passed | 6m 03s | |
| 1040 | feature/retry | ✅ passed | 5m 58s | flaky test retried once |
| 1039 | main | ❌ failed | 1m 02s | image pull back-off |

## Steps to fix

1. Create the secret in the \`staging\` namespace:

   ${fence}bash
   kubectl -n staging create secret generic payments-db \\
     --from-literal=DATABASE_URL="postgres://payments@db:5432/payments"

   kubectl -n staging get secret payments-db -o yaml
   ${fence}

2. Relax the readiness probe:

   ${fence}yaml
   readinessProbe:
     httpGet:
       path: /healthz
       port: 8080

     initialDelaySeconds: 15
     periodSeconds: 10
   ${fence}

3. Re-run the pipeline.
   - If it still fails, check the image tag.
   - Otherwise, promote to production.

> **Note**
> Secrets created by hand drift from the GitOps repo. Prefer adding it to
> \`deploy/staging/secrets.enc.yaml\` and letting Flux apply it.

> A second quote, separated by a blank line.

Here is the patched manifest:
${fence}yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: payments-api

spec:
  replicas: 3
${fence}
That should be all for the manifest.

~~~diff
- initialDelaySeconds: 2
+ initialDelaySeconds: 15

${fence}
not a closing fence for tildes
${fence}
~~~

<!-- internal note:

this comment has blank lines

-->

### Code example

    indented code block line 1

    indented code block line 2

A paragraph with a [link](https://example.com/docs "Docs"), an autolink
<https://example.com>, a bare www.example.com link, some \`inline code\`,
~~strikethrough~~ and a footnote.[^1]

* [x] secret created
* [ ] probe relaxed
* [ ] pipeline green

Setext heading
--------------

Another paragraph right before a thematic break.

---

Final thoughts: the service is healthy once the secret exists. Latency p99 is
**120 ms**, well under the 300 ms SLO.

## Root cause analysis

The incident started at **09:42 UTC** when the \`payments-api\` rollout reached
the second replica set. Because the secret was missing, every new pod crashed on
start-up with:

${fence}text
Error: DATABASE_URL is not set
    at loadConfig (/app/dist/config.js:14:11)
    at main (/app/dist/index.js:3:18)
${fence}

Kubernetes kept the old pods running, so customers were not affected, but the
rollout blocked the deploy queue for **47 minutes**. Contributing factors:

- **Process**
  - Secrets are created by hand in staging, but through GitOps in production.
  - Nobody owns the staging namespace.
- **Tooling**
  - The pipeline does not validate that referenced secrets exist.
  - Alerts do not link to the runbook.

  This nested paragraph belongs to the second item.

### Follow-up actions

| # | Action | Owner | Due |
|---|--------|-------|-----|
| 1 | Add \`payments-db\` to the GitOps repo | @platform | Friday |
| 2 | Validate secrets in CI (\`kubeconform\` + custom check) | @payments | next sprint |
| 3 | Link alerts to the runbook | @sre | next sprint |
| 4 | Decide who owns staging | @eng-managers | end of month |

A quick script to find other deployments that reference missing secrets:

${fence}python
import json
import subprocess


def missing_secrets(namespace: str) -> list[str]:
    out = subprocess.run(
        ["kubectl", "-n", namespace, "get", "deploy", "-o", "json"],
        check=True, capture_output=True, text=True,
    ).stdout
    wanted = set()
    for item in json.loads(out)["items"]:
        for c in item["spec"]["template"]["spec"]["containers"]:
            for env in c.get("envFrom", []):
                if "secretRef" in env:
                    wanted.add(env["secretRef"]["name"])

    existing = set(subprocess.run(
        ["kubectl", "-n", namespace, "get", "secret", "-o", "name"],
        check=True, capture_output=True, text=True,
    ).stdout.replace("secret/", "").split())
    return sorted(wanted - existing)


print(missing_secrets("staging"))
${fence}

Running it against \`staging\` today returns \`['payments-db', 'ledger-readonly']\`,
so the **ledger** service has the same latent problem. I'd fix both at once.

1) Ordered items with a parenthesis.
2) Another one, with a [reference link][runbook].

[runbook]: https://runbooks.example.com/payments

[^1]: The footnote text.

${fence}js
// an unclosed fence at the very end runs to the end of the text

function retry(fn, attempts = 3) {
  for (let i = 0; i < attempts; i++) {
    try {
      return fn();
    } catch (e) {

      if (i === attempts - 1) throw e;
    }
  }
}
`;

/** Windows line endings and odd spacing. */
export const CRLF_REPLY = AGENT_REPLY.slice(0, 1500).replace(/\n/g, '\r\n');

/** Edge cases crammed together. */
export const EDGE_CASES = `

Leading blank lines above.
${fence}
fence interrupting a paragraph

${fence}
- a
- b

-
-x
12345678901. not a list item
1) ordered with paren

   continuation

2) second
<script>
alert(1)

still script
</script>
After script.

<?php

echo 1;

?>
<![CDATA[

x

]]>
<!DOCTYPE html

>
${fence}\`not a fence\`

para after the non-fence
     ${fence}
indented four: not a fence

~~~~
~~~
still inside

~~~~
done
`;
