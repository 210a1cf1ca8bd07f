#!/usr/bin/env node
// Demo data for a running platform, through the public API as the demo users themselves:
// provisions alice, bob, carol, dave and erin, then creates #general, #random and a private
// #leadership with a few messages. Safe to run again: channels that exist are reused.
const gateway = process.env.COLINK_GATEWAY_URL ?? 'http://localhost:8080';
const keycloak = process.env.KEYCLOAK_URL ?? 'http://localhost:8180';
const password = process.env.COLINK_DEMO_PASSWORD ?? 'colink-demo';
const people = ['alice', 'bob', 'carol', 'dave', 'erin'];

async function token(username) {
  const response = await fetch(`${keycloak}/realms/colink/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'password', client_id: 'colink-cli', username, password }),
  });
  if (!response.ok)
    throw new Error(`sign-in of ${username} failed: ${response.status} ${await response.text()}`);
  return (await response.json()).access_token;
}

async function call(tokenValue, method, path, body, idempotencyKey) {
  const headers = { authorization: `Bearer ${tokenValue}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
  const response = await fetch(`${gateway}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

function must(result, what) {
  if (result.status >= 300) throw new Error(`${what}: ${result.status} ${JSON.stringify(result.body)}`);
  return result.body;
}

const tokens = Object.fromEntries(await Promise.all(people.map(async (name) => [name, await token(name)])));
const ids = {};
for (const name of people)
  ids[name] = must(await call(tokens[name], 'GET', '/api/v1/users/me'), `profile of ${name}`).id;

async function channel(owner, name, description, isPrivate, members) {
  const joined = must(
    await call(tokens[owner], 'GET', '/api/v1/channels?scope=joined&limit=200'),
    'joined channels',
  );
  let found = joined.items.find((c) => c.name === name);
  if (!found)
    found = must(
      await call(
        tokens[owner],
        'POST',
        '/api/v1/channels',
        { name, description, is_private: isPrivate },
        `seed-channel-${name}`,
      ),
      `create #${name}`,
    );
  for (const member of members) {
    if (isPrivate)
      await call(
        tokens[owner],
        'POST',
        `/api/v1/channels/${found.id}/members`,
        { user_id: ids[member] },
        `seed-member-${name}-${member}`,
      );
    else
      await call(
        tokens[member],
        'POST',
        `/api/v1/channels/${found.id}/join`,
        undefined,
        `seed-join-${name}-${member}`,
      );
  }
  return found;
}

const general = await channel('alice', 'general', 'Company-wide announcements and chat', false, [
  'bob',
  'carol',
  'dave',
  'erin',
]);
const random = await channel('bob', 'random', 'Anything goes', false, ['alice', 'carol', 'dave', 'erin']);
const leadership = await channel('alice', 'leadership', 'Private: leads only', true, ['bob']);

const posts = [
  [general, 'alice', 'Welcome to **CoLink**, everyone! @channel'],
  [general, 'carol', 'Hi all 👋 glad to be here'],
  [random, 'dave', 'Anyone up for lunch at noon? @erin'],
  [leadership, 'bob', 'Quarterly planning doc is ready for review, @alice'],
];
for (const [where, who, content] of posts) {
  must(
    await call(
      tokens[who],
      'POST',
      `/api/v1/channels/${where.id}/messages`,
      { content },
      `seed-post-${where.name}-${who}-${content.length}`,
    ),
    `post in #${where.name}`,
  );
}
console.log(
  `seeded: ${people.length} users, #general, #random, #leadership (private), ${posts.length} messages`,
);
