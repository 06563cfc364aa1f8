import { useState } from 'react';
import { api, call, Token } from '../api/client';
import { useAction } from '../api/use-action';
import { useResource } from '../api/use-resource';
import { useAuth } from '../auth/auth';
import { EmptyState, ErrorNote, Outcome } from '../components/feedback';
import { DateTime } from '../components/format';
import { Column, Table } from '../components/Table';
import { useConfirm } from '../components/useConfirm';
import { useNotice } from '../hooks/use-notice';
import { usePage } from '../hooks/use-page';
import { CreateTokenForm, NewSecret } from './CreateTokenForm';

export function TokensPage() {
  const heading = usePage('API tokens');
  const { endSession } = useAuth();
  const feedback = useNotice();
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  const [confirmDialog, confirm] = useConfirm();
  const revoking = useAction();
  const tokens = useResource(
    async (signal) => {
      const [apiTokens, sessions] = await Promise.all([
        call(api.GET('/api/tokens', { params: { query: { kind: 'api', limit: 500 } }, signal })),
        call(api.GET('/api/tokens', { params: { query: { kind: 'session', limit: 500 } }, signal })),
      ]);
      return { apiTokens: apiTokens.items, sessions: sessions.items };
    },
    [],
  );

  const revoke = async (token: Token) => {
    const what = token.kind === 'api' ? `the token “${token.name}”` : `the sign-in of ${token.owner}`;
    const ok = await confirm({
      title: token.current ? 'Revoke your own sign-in?' : `Revoke ${what}?`,
      message: token.current ? (
        <p className="warning">This is the session you are using: the console signs you out at once.</p>
      ) : (
        <p>Anything using {what} is refused from now on. This cannot be undone.</p>
      ),
      action: 'Revoke',
    });
    if (!ok) return;
    feedback.clear();
    setCreated(null);
    if (!(await revoking.perform(() => call(api.DELETE('/api/tokens/{id}', { params: { path: { id: token.id } } }))))) return;
    if (token.current) {
      endSession('You revoked the sign-in you were using. Sign in again.');
      return;
    }
    feedback.success(`Revoked ${what}.`);
    tokens.reload();
  };

  const revokeColumn: Column<Token> = {
    label: 'Actions',
    actions: true,
    cell: (t) => (
      <button type="button" className="danger" aria-label={`Revoke ${t.kind === 'api' ? t.name : `sign-in ${t.id}`}`} disabled={revoking.busy} onClick={() => void revoke(t)}>
        Revoke
      </button>
    ),
  };
  const apiColumns: Column<Token>[] = [
    { label: 'Name', cell: (t) => t.name },
    { label: 'Acts as', cell: (t) => t.owner },
    { label: 'Created', cell: (t) => <DateTime iso={t.createdAt} /> },
    { label: 'Expires', cell: (t) => (t.expiresAt ? <DateTime iso={t.expiresAt} /> : 'never') },
    { label: 'Last used', cell: (t) => <DateTime iso={t.lastUsedAt} /> },
    revokeColumn,
  ];
  const sessionColumns: Column<Token>[] = [
    { label: 'Admin', cell: (t) => (t.current ? <>{t.owner} <span className="badge badge-online">this session</span></> : t.owner) },
    { label: 'Signed in', cell: (t) => <DateTime iso={t.createdAt} /> },
    { label: 'Expires', cell: (t) => <DateTime iso={t.expiresAt} /> },
    { label: 'Last used', cell: (t) => <DateTime iso={t.lastUsedAt} /> },
    revokeColumn,
  ];

  return (
    <section aria-labelledby="tokens-title">
      <h1 id="tokens-title" ref={heading} tabIndex={-1}>
        API tokens
      </h1>
      <p className="muted">
        Bearer tokens for scripts (<code>Authorization: Bearer TOKEN</code>), and the console's own sign-ins.
      </p>
      <CreateTokenForm
        onEdit={() => {
          feedback.clear();
          setCreated(null);
        }}
        onCreated={(name, secret) => {
          setCreated({ name, secret });
          tokens.reload();
        }}
      />
      {created && <NewSecret name={created.name} secret={created.secret} />}
      <Outcome notice={feedback.notice} />
      <ErrorNote error={revoking.error} />
      <ErrorNote error={tokens.error} />
      <h2 id="api-tokens-title">Tokens for scripts</h2>
      {tokens.data &&
        (tokens.data.apiTokens.length === 0 ? (
          <EmptyState>No API token exists.</EmptyState>
        ) : (
          <Table rows={tokens.data.apiTokens} columns={apiColumns} rowKey={(t) => t.id} labelledBy="api-tokens-title" />
        ))}
      <h2 id="sign-ins-title">Console sign-ins</h2>
      {tokens.data && <Table rows={tokens.data.sessions} columns={sessionColumns} rowKey={(t) => t.id} labelledBy="sign-ins-title" />}
      {confirmDialog}
    </section>
  );
}
