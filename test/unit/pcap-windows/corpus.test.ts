/**
 * The Windows-protocol captures of the dev corpus through the whole capture parser: the calls each attack is made
 * of must come out named. Skipped, with a message, when `../shared/corpus` is absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { NormalizedEvent } from '../../../src/engine/events';
import { parseFile } from '../../../src/engine/parse-file';

const corpusDir = path.resolve(process.cwd(), '../shared/corpus/pcap');
const hasCorpus = existsSync(corpusDir);
if (!hasCorpus) console.warn(`pcap-windows: ${corpusDir} absent, skipping the SMB/DCE-RPC checks on the dev corpus captures`);

async function eventsOf(relative: string): Promise<NormalizedEvent[]> {
  const bytes = readFileSync(path.join(corpusDir, relative));
  const { batches } = await parseFile(new Blob([bytes]), { fileName: path.basename(relative), fileIndex: 0 });
  const events: NormalizedEvent[] = [];
  for await (const batch of batches) events.push(...batch.events);
  return events;
}

const calls = (events: NormalizedEvent[]) => events.filter((event) => event.kind === 'dce_rpc').map((event) => `${event.fields.endpoint} ${event.fields.operation}`);

describe.skipIf(!hasCorpus)('Windows protocols in the dev corpus captures', () => {
  it('names the sealed directory replication of a DCSync whose bind was not captured', async () => {
    const events = await eventsOf('PCAP-ATTACK/CredAccess/DCSync_krbtgt_dcerpc_smb.pcapng');
    expect(calls(events)).toEqual(['drsuapi DRSBind', 'drsuapi DRSDomainControllerInfo', 'drsuapi DRSCrackNames', 'drsuapi DRSBind', 'drsuapi DRSGetNCChanges', 'drsuapi DRSUnbind']);
  });

  it('follows srvsvc over an SMB2 named pipe with its NTLM logon', async () => {
    const events = await eventsOf('PCAP-ATTACK/Discovery/Discovery_dcerp_srvsvc_NetShareEnum.pcapng');
    expect(calls(events)).toEqual(['srvsvc NetrShareEnum', 'srvsvc NetrServerGetInfo']);
    expect(events.filter((event) => event.kind === 'ntlm').map((event) => [event.fields.ntlm_version, event.fields.success])).toEqual([['NTLMv2', true]]);
    expect(events.find((event) => event.kind === 'smb')?.fields).toMatchObject({ action: 'SMB::TREE_CONNECT', share_type: 'PIPE' });
  });

  it('shows smbexec: svcctl service creation over TCP and the output file read and deleted through C$', async () => {
    const events = await eventsOf('PCAP-ATTACK/Lateral_Movement/LM_smbexec_smb_dcerpc_svcctl_epm.pcapng');
    expect(calls(events)).toContain('epmapper ept_map');
    expect(calls(events).filter((call) => call === 'svcctl CreateServiceA')).toHaveLength(2);
    const fileActions = events.filter((event) => event.kind === 'smb' && event.fields.share_type === 'DISK').map((event) => event.fields.action);
    expect(fileActions).toEqual(expect.arrayContaining(['SMB::FILE_READ', 'SMB::FILE_DELETE']));
  });
});
