import { LineClient } from './line-client';

/**
 * Makes `count` wrong-password line-protocol logins of `name` on one connection and resolves
 * with the server's reply to the last one ("Invalid username or password" or a lock notice).
 */
export async function failLineLogins(port: number, name: string, count: number): Promise<string> {
  const client = await LineClient.connect(port);
  try {
    let reply = '';
    for (let i = 0; i < count; i++) {
      client.send(name);
      client.send('wrong-password');
      reply = await client.expectLine(/Invalid username or password|locked/);
    }
    return reply;
  } finally {
    client.close();
  }
}

/** Tries the right password over the line protocol; resolves with the first reply line. */
export async function lineLoginReply(port: number, name: string, password: string): Promise<string> {
  const client = await LineClient.connect(port);
  try {
    client.send(name);
    client.send(password);
    return await client.expectLine(/^Welcome, |Invalid username or password|locked|already logged in/);
  } finally {
    client.close();
  }
}
