namespace SkillScan.Semantics;

/// <summary>
/// The capability vocabulary: what an API lets code do. Catalogs map APIs to these; rules ask about them.
/// A catalog or rule naming anything else is rejected at load time.
/// </summary>
public static class Capabilities
{
    public static readonly IReadOnlyDictionary<string, string> Known = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["net.send"] = "sends data over the network (HTTP POST/PUT, socket write, upload)",
        ["net.fetch"] = "requests/downloads from the network (HTTP GET, download to file)",
        ["net.dns"] = "resolves host names (DNS lookups)",
        ["net.listen"] = "listens for incoming connections",
        ["net.connect"] = "opens a raw socket connection",
        ["proc.exec"] = "runs another program with an argument list",
        ["proc.shell"] = "runs a command line through a shell",
        ["proc.interpreter"] = "is an interpreter that runs code given to it (sh, bash, python, node...)",
        ["code.eval"] = "evaluates a string as code",
        ["code.load"] = "loads code or a module chosen at run time",
        ["code.native"] = "loads native code (shared library, DLL)",
        ["code.deserialize"] = "deserialises objects in a code-executing format (pickle, marshal, BinaryFormatter)",
        ["env.read"] = "reads an environment variable",
        ["env.dump"] = "reads the whole environment",
        ["env.write"] = "changes the environment",
        ["fs.read"] = "reads a file",
        ["fs.write"] = "writes or appends to a file",
        ["fs.delete"] = "deletes files or folders",
        ["fs.chmod"] = "changes file permissions",
        ["fs.list"] = "lists folders",
        ["crypto.decode"] = "decodes data (base64, hex, rot13...)",
        ["crypto.encode"] = "encodes data (base64, hex...)",
        ["crypto.encrypt"] = "encrypts or decrypts data",
        ["archive.extract"] = "extracts an archive",
        ["archive.create"] = "creates an archive",
        ["sys.persist"] = "installs something that runs again later (cron, systemd, launchd, login items)",
        ["sys.privilege"] = "runs with raised privileges (sudo, su)",
        ["sys.info"] = "reads host or user information",
        ["sys.security"] = "changes a security control (quarantine, firewall, SELinux)",
        ["sys.disk"] = "writes raw disks or makes file systems",
        ["pkg.install"] = "installs packages",
        ["clipboard.read"] = "reads the clipboard",
        ["serialize"] = "serialises data (JSON, query strings)",
    };

    /// <summary>Taint kinds: what kind of data a source produces.</summary>
    public static readonly IReadOnlyDictionary<string, string> SourceKinds = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["env.read"] = "an environment variable",
        ["env.dump"] = "the whole environment",
        ["secret.read"] = "a credential or secret file",
        ["agent.read"] = "the agent's own config or memory",
        ["browser.read"] = "browser or wallet data",
        ["file.read"] = "a file's contents",
        ["host.info"] = "host or user information",
        ["clipboard.read"] = "the clipboard",
        ["net.fetch"] = "downloaded content",
        ["user.input"] = "user or command-line input",
    };

    public static bool IsKnown(string capability) => Known.ContainsKey(capability);

    public static bool IsSourceKind(string kind) => SourceKinds.ContainsKey(kind);
}
