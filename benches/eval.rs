//! How fast `tenet eval` runs the embedded pack over large exports, next to the time serde_json
//! takes merely to parse the same file into `serde_json::Value`.
//!
//! A deterministic generator writes synthetic `az resource show`-style arrays: Media Services
//! accounts with their storage, live events, streaming endpoints, private endpoints and role
//! assignments, among many unrelated VMs, NICs and disks of realistic bulk (about 2 KB each).
//! Each measurement runs in a child process, so that its peak memory is its own.
//!
//! ```sh
//! cargo bench --bench eval                   # 10k, 100k and 1M resources
//! cargo bench --bench eval -- 10000 100000   # chosen sizes
//! ```

use std::fmt::Write as _;
use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// Resources per group: one Media Services setup and its neighbours.
const GROUP: usize = 100;

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    if let [mode, file] = args.as_slice()
        && mode == "--baseline"
    {
        baseline(Path::new(file));
        return;
    }

    let sizes: Vec<usize> = args.iter().filter_map(|arg| arg.parse().ok()).collect();
    let sizes = if sizes.is_empty() {
        vec![10_000, 100_000, 1_000_000]
    } else {
        sizes
    };
    let folder = Path::new(env!("CARGO_TARGET_TMPDIR")).join("eval-bench");
    let _ = std::fs::create_dir_all(&folder);

    println!(
        "{:>9} {:>9} {:>11} {:>11} {:>10} {:>11} {:>10}",
        "resources", "MB", "tenet s", "tenet MB/s", "tenet RSS", "serde s", "serde MB/s"
    );
    for size in sizes {
        let path = folder.join(format!("export-{size}.json"));
        let bytes = generate(&path, size);
        let megabytes = bytes as f64 / 1e6;

        let (tenet, tenet_peak) = measure(Command::new(env!("CARGO_BIN_EXE_tenet")).args([
            "eval",
            "--format",
            "json",
            "--fail-on",
            "never",
            &path.display().to_string(),
        ]));
        let (serde, _) = measure(
            Command::new(std::env::current_exe().unwrap_or_default())
                .args(["--baseline", &path.display().to_string()]),
        );
        println!(
            "{size:>9} {megabytes:>9.1} {:>11.3} {:>11.1} {:>8.0}MB {:>11.3} {:>10.1}",
            tenet.as_secs_f64(),
            megabytes / tenet.as_secs_f64(),
            tenet_peak as f64 / 1e6,
            serde.as_secs_f64(),
            megabytes / serde.as_secs_f64(),
        );
        if std::env::var_os("TENET_BENCH_KEEP").is_none() {
            let _ = std::fs::remove_file(&path);
        }
    }
}

/// Runs a command to completion, returning its wall time and the peak resident memory seen.
fn measure(command: &mut Command) -> (Duration, u64) {
    let start = Instant::now();
    let Ok(mut child) = command.stdout(std::process::Stdio::null()).spawn() else {
        eprintln!("cannot start {command:?}");
        return (Duration::ZERO, 0);
    };
    let status = PathBuf::from(format!("/proc/{}/status", child.id()));
    let mut peak = 0;
    loop {
        if let Some(seen) = peak_rss(&status) {
            peak = peak.max(seen);
        }
        match child.try_wait() {
            Ok(Some(_)) | Err(_) => break,
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
        }
    }
    (start.elapsed(), peak)
}

/// `VmHWM` of a running process, in bytes.
fn peak_rss(status: &Path) -> Option<u64> {
    let text = std::fs::read_to_string(status).ok()?;
    let line = text.lines().find(|line| line.starts_with("VmHWM:"))?;
    let kilobytes: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kilobytes * 1024)
}

/// The baseline: parse the whole file into `serde_json::Value`.
fn baseline(path: &Path) {
    let Ok(file) = File::open(path) else { return };
    let value: Result<serde_json::Value, _> =
        serde_json::from_reader(BufReader::with_capacity(1 << 20, file));
    let count = value
        .ok()
        .and_then(|v| v.as_array().map(Vec::len))
        .unwrap_or(0);
    println!("{count}");
}

/// Writes `size` resources as a JSON array and returns the file's size in bytes.
fn generate(path: &Path, size: usize) -> u64 {
    let Ok(file) = File::create(path) else {
        return 0;
    };
    let mut out = BufWriter::with_capacity(1 << 20, file);
    let mut random = Random(0x2545_f491_4f6c_dd1d);
    let _ = out.write_all(b"[\n");
    for index in 0..size {
        let group = index / GROUP;
        let resource = resource(group, index % GROUP, &mut random);
        let separator = if index + 1 == size { "\n" } else { ",\n" };
        let _ = out.write_all(resource.as_bytes());
        let _ = out.write_all(separator.as_bytes());
    }
    let _ = out.write_all(b"]\n");
    let _ = out.flush();
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}

/// A small deterministic generator of pseudo-random numbers.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<'a>(&mut self, options: &[&'a str]) -> &'a str {
        options
            .get(self.next() as usize % options.len().max(1))
            .copied()
            .unwrap_or("")
    }
}

fn group_ids(group: usize) -> (String, String, String) {
    let rg =
        format!("/subscriptions/00000000-0000-0000-0000-{group:012}/resourceGroups/media-{group}");
    let account = format!("{rg}/providers/Microsoft.Media/mediaservices/ams{group}");
    let storage = format!("{rg}/providers/Microsoft.Storage/storageAccounts/store{group}");
    (rg, account, storage)
}

/// Resource `slot` of group `group`: the Media Services setup in the first ten slots, bulk after.
fn resource(group: usize, slot: usize, random: &mut Random) -> String {
    let (rg, account, storage) = group_ids(group);
    let principal = format!("{group:08}-aaaa-bbbb-cccc-000000000001");
    let public = random.pick(&["Enabled", "Disabled"]);
    match slot {
        0 => format!(
            r#"{{"id":"{account}","name":"ams{group}","type":"Microsoft.Media/mediaservices","location":"westeurope","identity":{{"type":"SystemAssigned","principalId":"{principal}"}},"properties":{{"storageAccounts":[{{"id":"{storage}","type":"Primary","identity":{{"useSystemAssignedIdentity":true}}}}],"storageAuthentication":"ManagedIdentity","encryption":{{"type":"SystemKey"}},"publicNetworkAccess":"{public}","keyDelivery":{{"accessControl":{{"defaultAction":"Allow","ipAllowList":[]}}}}}},"resourceGroup":"media-{group}"}}"#
        ),
        1 => format!(
            r#"{{"id":"{storage}","name":"store{group}","type":"Microsoft.Storage/storageAccounts","location":"westeurope","kind":"StorageV2","sku":{{"name":"Standard_LRS","tier":"Standard"}},"properties":{{"publicNetworkAccess":"{public}","networkAcls":{{"bypass":"{}","defaultAction":"Deny","ipRules":[],"virtualNetworkRules":[]}},"supportsHttpsTrafficOnly":true,"minimumTlsVersion":"TLS1_2"}},"resourceGroup":"media-{group}"}}"#,
            random.pick(&[
                "AzureServices",
                "Logging, Metrics",
                "AzureServices, Logging"
            ])
        ),
        2 | 3 => format!(
            r#"{{"id":"{account}/liveevents/event{slot}","name":"event{slot}","type":"Microsoft.Media/mediaservices/liveevents","location":"westeurope","properties":{{"input":{{"streamingProtocol":"RTMP","accessControl":{{"ip":{{"allow":[{{"name":"AllowAll","address":"0.0.0.0","subnetPrefixLength":0}}]}}}}}},"resourceState":"Stopped","useStaticHostname":false}},"resourceGroup":"media-{group}"}}"#
        ),
        4 => format!(
            r#"{{"id":"{account}/streamingendpoints/default","name":"default","type":"Microsoft.Media/mediaservices/streamingendpoints","location":"westeurope","properties":{{"scaleUnits":0,"cdnEnabled":false,"accessControl":{{"ip":{{"allow":[]}}}},"resourceState":"Running"}},"resourceGroup":"media-{group}"}}"#
        ),
        5 | 6 => {
            let (target, group_id) = if slot == 5 {
                (&account, "liveevent")
            } else {
                (&storage, "blob")
            };
            let status = random.pick(&["Approved", "Approved", "Pending"]);
            format!(
                r#"{{"id":"{rg}/providers/Microsoft.Network/privateEndpoints/pe{slot}","name":"pe{slot}","type":"Microsoft.Network/privateEndpoints","location":"westeurope","properties":{{"privateLinkServiceConnections":[{{"name":"c","properties":{{"privateLinkServiceId":"{target}","groupIds":["{group_id}"],"privateLinkServiceConnectionState":{{"status":"{status}","description":"","actionsRequired":"None"}}}}}}],"manualPrivateLinkServiceConnections":[],"subnet":{{"id":"{rg}/providers/Microsoft.Network/virtualNetworks/vnet/subnets/default"}}}},"resourceGroup":"media-{group}"}}"#
            )
        }
        7..=9 => {
            let role = [
                "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
                "acdd72a7-3385-48ef-bd42-f606fba81ae7",
                "b24988ac-6180-42a0-ab88-20f7382dd24c",
            ]
            .get(slot - 7)
            .copied()
            .unwrap_or("");
            format!(
                r#"{{"id":"{storage}/providers/Microsoft.Authorization/roleAssignments/ra{slot}","name":"ra{slot}","type":"Microsoft.Authorization/roleAssignments","properties":{{"roleDefinitionId":"/subscriptions/00000000-0000-0000-0000-{group:012}/providers/Microsoft.Authorization/roleDefinitions/{role}","principalId":"{principal}","principalType":"ServicePrincipal","scope":"{storage}"}}}}"#
            )
        }
        _ => bulk(&rg, slot, random),
    }
}

/// An unrelated VM, NIC or disk, padded to realistic size with the fields real exports carry.
fn bulk(rg: &str, slot: usize, random: &mut Random) -> String {
    let kind = random.pick(&["virtualMachines", "networkInterfaces", "disks"]);
    let provider = if kind == "disks" || kind == "virtualMachines" {
        "Microsoft.Compute"
    } else {
        "Microsoft.Network"
    };
    let mut tags = String::new();
    for tag in 0..12 {
        let _ = write!(
            tags,
            r#""tag{tag}":"value-{}-{}","#,
            random.next() % 10_000,
            slot
        );
    }
    tags.pop();
    let mut extensions = String::new();
    for extension in 0..6 {
        let _ = write!(
            extensions,
            r#"{{"name":"extension{extension}","properties":{{"publisher":"Microsoft.Azure.Extensions","type":"CustomScript","typeHandlerVersion":"2.1","autoUpgradeMinorVersion":true,"settings":{{"commandToExecute":"echo {}"}}}}}},"#,
            random.next()
        );
    }
    extensions.pop();
    format!(
        r#"{{"id":"{rg}/providers/{provider}/{kind}/item{slot}","name":"item{slot}","type":"{provider}/{kind}","location":"westeurope","tags":{{{tags}}},"properties":{{"provisioningState":"Succeeded","hardwareProfile":{{"vmSize":"Standard_D4s_v5"}},"storageProfile":{{"imageReference":{{"publisher":"Canonical","offer":"0001-com-ubuntu-server-jammy","sku":"22_04-lts-gen2","version":"latest"}},"osDisk":{{"osType":"Linux","name":"osdisk{slot}","createOption":"FromImage","caching":"ReadWrite","managedDisk":{{"storageAccountType":"Premium_LRS","id":"{rg}/providers/Microsoft.Compute/disks/osdisk{slot}"}},"diskSizeGB":64}}}},"networkProfile":{{"networkInterfaces":[{{"id":"{rg}/providers/Microsoft.Network/networkInterfaces/nic{slot}"}}]}},"resources":[{extensions}]}},"resourceGroup":"{}"}}"#,
        rg.rsplit('/').next().unwrap_or("")
    )
}
