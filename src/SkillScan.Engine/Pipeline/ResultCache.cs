using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using SkillScan.Findings;
using SkillScan.Intake;
using SkillScan.Model;
using SkillScan.Rules;
using SkillScan.Semantics;

namespace SkillScan.Pipeline;

/// <summary>What the result cache did during one scan.</summary>
/// <param name="FromCache">Skills whose result was read from the cache (not analysed).</param>
/// <param name="Analysed">Skills analysed (no usable entry).</param>
/// <param name="Written">Entries written.</param>
/// <param name="NotCached">Results not written: incomplete (a limit, time budget or failure), or not reproducible from an entry.</param>
/// <param name="Unusable">Entries found but unusable (corrupt, truncated, another format): ignored, re-analysed, rewritten.</param>
/// <param name="WriteFailures">Entries that could not be written (the scan goes on).</param>
/// <param name="Problem">The first unusable entry or write failure, for a one-line note.</param>
public sealed record CacheStatistics(int FromCache, int Analysed, int Written, int NotCached, int Unusable, int WriteFailures, string? Problem)
{
    public int Skills => FromCache + Analysed;
}

/// <summary>
/// A content-addressed cache of per-skill engine results (docs/batch.md, "Result cache"): one JSON file per key
/// under <see cref="Directory"/>, the key a SHA-256 over the tool build, the rule set, the limits and settings
/// that change results, and the skill's files and intake notifications. It holds what
/// <see cref="ScanEngine.AnalyzeSkill"/> returned (findings and notifications, no timings), before the Policy
/// stage, so severity overrides, suppressions and baselines apply to cached results as to fresh ones.
/// Entries are written atomically (temporary file, then rename); an entry that cannot be read back exactly is
/// ignored and replaced. Thread-safe: one cache serves every worker of a scan, and several processes (shards)
/// may share a folder.
/// </summary>
public sealed class ResultCache
{
    /// <summary>The entry format; entries of another format are ignored (and replaced).</summary>
    public const string Format = "skillscan-cache/1";

    private readonly string _environment;
    private readonly IReadOnlyDictionary<string, RuleDescriptor> _descriptors;
    private int _fromCache, _analysed, _written, _notCached, _unusable, _writeFailures;
    private string? _problem;

    /// <param name="directory">The cache folder (created when missing). Must lie outside the scanned tree.</param>
    /// <param name="engine">The engine whose results are cached: its rules, limits and settings enter the key.</param>
    /// <param name="rulesFingerprint">What the rules know (<see cref="RuleSet.Fingerprint"/>): pack texts and catalogs.</param>
    /// <param name="descriptors">Descriptors of every loaded rule, by which cached findings get their rule back.</param>
    public ResultCache(string directory, ScanEngine engine, string rulesFingerprint, IEnumerable<RuleDescriptor> descriptors)
    {
        Directory = Path.GetFullPath(directory);
        System.IO.Directory.CreateDirectory(Directory);
        var byId = new Dictionary<string, RuleDescriptor>(StringComparer.Ordinal);
        foreach (var d in descriptors) byId.TryAdd(d.Id, d);
        _descriptors = byId;
        _environment = EnvironmentFingerprint(engine, rulesFingerprint);
    }

    public string Directory { get; }

    public CacheStatistics Statistics => new(_fromCache, _analysed, _written, _notCached, _unusable, _writeFailures, Volatile.Read(ref _problem));

    /// <summary>
    /// The skill's result: from the cache when a usable entry exists, otherwise from <paramref name="analyze"/>
    /// (then written, when it is complete and reproducible).
    /// </summary>
    public SkillResult GetOrAnalyze(Skill skill, Func<Skill, SkillResult> analyze)
    {
        var key = KeyOf(skill);
        if (TryLoad(key, skill) is { } cached)
        {
            Interlocked.Increment(ref _fromCache);
            return cached;
        }
        Interlocked.Increment(ref _analysed);
        var result = analyze(skill);
        Store(key, result);
        return result;
    }

    /// <summary>Where the entry of a key lives: DIR/ab/abcdef….json.</summary>
    public string PathOf(string key) => Path.Combine(Directory, key[..2], key + ".json");

    /// <summary>The key of a skill as Intake read it (after the policy's path filter): lower-case hex SHA-256.</summary>
    public string KeyOf(Skill skill)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var w = new KeyWriter(hash);
        w.Text(_environment);
        w.Text(skill.Name);
        w.Text(skill.RootRepoPath);
        w.Text(skill.ArchiveSha256 ?? "");
        w.Number(skill.Files.Count);
        foreach (var file in skill.Files)
        {
            w.Text(file.Path);
            w.Text(file.RepoPath);
            w.Text(file.Language.ToString());
            w.Number(file.Bytes.Length);
            w.Bytes(SHA256.HashData(file.Bytes));
        }
        w.Number(skill.Notifications.Count);
        foreach (var n in skill.Notifications)
        {
            w.Text(n.Id);
            w.Text(n.Level.ToString());
            w.Text(n.Message);
            w.Text(n.RepoPath ?? "\0");
            w.Number(n.Line ?? -1);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>
    /// Whether a result may be cached: complete (no warning or error: a limit, a time budget, a failure — a later
    /// run may get further) and made only of what an entry holds (rules loaded, documents of the skill's files).
    /// </summary>
    public bool CanStore(SkillResult result)
    {
        if (result.Incomplete) return false;
        var files = FilesOf(result.Skill);
        bool Known(SourceDocument d) => files.TryGetValue(d.File.RepoPath, out var f) && ReferenceEquals(f, d.File);
        foreach (var f in result.Findings)
        {
            if (!_descriptors.TryGetValue(f.Rule.Id, out var descriptor) || !(ReferenceEquals(descriptor, f.Rule) || descriptor.Equals(f.Rule))) return false;
            if (!Known(f.Document) || (f.Flow ?? []).Any(s => !Known(s.Document))) return false;
        }
        return true;
    }

    /// <summary>Writes the entry for a result (unless <see cref="CanStore"/> says no). Failures are counted, never thrown.</summary>
    public void Store(string key, SkillResult result)
    {
        if (!CanStore(result))
        {
            Interlocked.Increment(ref _notCached);
            return;
        }
        var path = PathOf(key);
        var temp = Path.Combine(Path.GetDirectoryName(path)!, $".{key}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var bytes = JsonSerializer.SerializeToUtf8Bytes(ToEntry(key, result), CacheJson.Default.CacheEntry);
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
            }
            File.Move(temp, path, overwrite: true);
            Interlocked.Increment(ref _written);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            Interlocked.Increment(ref _writeFailures);
            Interlocked.CompareExchange(ref _problem, $"could not write {path}: {ex.Message}", null);
            try
            {
                File.Delete(temp);
            }
            catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException)
            {
            }
        }
    }

    /// <summary>The cached result of a skill, or null when there is no usable entry (an unusable one is counted).</summary>
    public SkillResult? TryLoad(string key, Skill skill)
    {
        var path = PathOf(key);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Unusable(path, ex.Message);
        }
        try
        {
            var entry = JsonSerializer.Deserialize(bytes, CacheJson.Default.CacheEntry);
            if (entry is null) return Unusable(path, "empty entry");
            if (entry.Format != Format) return Unusable(path, $"format {entry.Format ?? "(none)"}, expected {Format}");
            if (entry.Key != key) return Unusable(path, "the entry's key does not match its file name");
            return FromEntry(entry, skill);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return Unusable(path, ex.Message);
        }
    }

    private SkillResult? Unusable(string path, string why)
    {
        Interlocked.Increment(ref _unusable);
        Interlocked.CompareExchange(ref _problem, $"ignored unusable entry {path} ({why})", null);
        return null;
    }

    /// <summary>
    /// Why <paramref name="cacheDirectory"/> cannot serve a scan of <paramref name="scannedPaths"/>, or null when it
    /// can: it must not lie inside a scanned folder, nor hold one (entries go into its subfolders), symbolic links
    /// resolved. SkillScan never writes into what it scans.
    /// </summary>
    public static string? OverlapWithScanned(string cacheDirectory, IEnumerable<string> scannedPaths)
    {
        var cache = Path.GetFullPath(cacheDirectory);
        var cacheResolved = FileSystemProbe.ResolvedPath(cache);
        foreach (var scanned in scannedPaths)
        {
            var full = Path.GetFullPath(scanned);
            var resolved = FileSystemProbe.ResolvedPath(full);
            if (IsInside(cache, full) || IsInside(cacheResolved, resolved))
            {
                return $"is inside the scanned folder {full}; SkillScan never writes into the tree it scans: choose a cache folder outside it";
            }
            if (IsInside(full, cache) || IsInside(resolved, cacheResolved))
            {
                return $"holds the scanned folder {full}; SkillScan never writes into the tree it scans: choose a cache folder beside it";
            }
        }
        return null;
    }

    private static bool IsInside(string path, string folder)
    {
        var p = Path.TrimEndingDirectorySeparator(path);
        var f = Path.TrimEndingDirectorySeparator(folder);
        var prefix = f.EndsWith(Path.DirectorySeparatorChar) ? f : f + Path.DirectorySeparatorChar;
        return p == f || p.StartsWith(prefix, StringComparison.Ordinal);
    }

    /// <summary>Everything besides the skill that decides an engine result, hashed once per scan.</summary>
    private static string EnvironmentFingerprint(ScanEngine engine, string rulesFingerprint)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var w = new KeyWriter(hash);
        w.Text(Format);
        w.Text(typeof(ResultCache).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "");
        // The builds themselves (deterministic: the module id changes exactly when the code or embedded data does),
        // so a development build never reads entries of another.
        w.Text(typeof(ResultCache).Assembly.ManifestModule.ModuleVersionId.ToString());
        w.Text(typeof(TreeSitter.TsNativeLibrary).Assembly.ManifestModule.ModuleVersionId.ToString());
        w.Text(NativeLibraryHash.Value);
        w.Text(rulesFingerprint);
        w.Number(engine.Rules.Count);
        foreach (var rule in engine.Rules) w.Text(rule.Descriptor.Id);
        w.Text(Describe(engine.Limits));
        w.Text(Describe(engine.Settings));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static readonly Lazy<string> NativeLibraryHash = new(() =>
    {
        try
        {
            if (TreeSitter.TsNativeLibrary.FilePath is not { } file) return "";
            using var stream = File.OpenRead(file);
            return Convert.ToHexStringLower(SHA256.HashData(stream));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    });

    /// <summary>Every public property, by name: so that a limit or setting added later enters the key by itself.</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "Settings and limits are SkillScan types; its assemblies are trimmer roots (SkillScan.Cli.csproj).")]
    internal static string Describe(object value)
    {
        var text = new StringBuilder();
        foreach (var p in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            if (p.GetIndexParameters().Length > 0) continue;
            text.Append(p.Name).Append('=');
            switch (p.GetValue(value))
            {
                case null:
                    text.Append('\0');
                    break;
                case string s:
                    text.Append(s.Length).Append(':').Append(s);
                    break;
                case IEnumerable items:
                    text.Append('[');
                    foreach (var item in items)
                    {
                        var s = Convert.ToString(item, CultureInfo.InvariantCulture) ?? "";
                        text.Append(s.Length).Append(':').Append(s).Append(',');
                    }
                    text.Append(']');
                    break;
                case var other:
                    text.Append(Convert.ToString(other, CultureInfo.InvariantCulture));
                    break;
            }
            text.Append(';');
        }
        return text.ToString();
    }

    private static Dictionary<string, SkillFile> FilesOf(Skill skill)
    {
        var files = new Dictionary<string, SkillFile>(StringComparer.Ordinal);
        foreach (var f in skill.Files) files.TryAdd(f.RepoPath, f);
        return files;
    }

    private static CacheEntry ToEntry(string key, SkillResult result) => new()
    {
        Format = Format,
        Key = key,
        Skill = result.Skill.RootRepoPath,
        Findings = result.Findings.Select(f => new CachedFinding
        {
            Rule = f.Rule.Id,
            Severity = f.Severity,
            Message = f.Message,
            Place = Place(f.Document, f.Span),
            Flow = f.Flow?.Select(s => new CachedStep { Place = Place(s.Document, s.Span), Message = s.Message }).ToList(),
            Related = f.Related.Select(r => new CachedLocation { Path = r.Location.RepoPath, Region = Region(r.Location.Region), Message = r.Message }).ToList(),
            Evidence = f.Evidence.Select(e => new[] { e.Key, e.Value }).ToList(),
            FixReplacement = f.FixReplacement,
            FixDescription = f.FixDescription,
            Suppression = f.Suppression is { } s
                ? new CachedSuppression
                {
                    Kind = s.Kind,
                    Justification = s.Justification,
                    Location = s.Location is { } l ? new CachedLocation { Path = l.RepoPath, Region = Region(l.Region) } : null,
                }
                : null,
        }).ToList(),
        Notifications = result.Notifications.Select(n => new CachedNotification
        {
            Id = n.Id, Message = n.Message, Level = n.Level, Path = n.RepoPath, Line = n.Line,
        }).ToList(),
    };

    private static CachedPlace Place(SourceDocument document, TextSpan span) => new()
    {
        Path = document.File.RepoPath,
        Language = document.Language,
        Origin = document.Origin,
        Description = document.Description,
        Span = [span.Start, span.End],
        Region = Region(document.MapToFile(span)),
    };

    private static int[] Region(SourceRegion r) => [r.StartLine, r.StartColumn, r.EndLine, r.EndColumn];

    private SkillResult FromEntry(CacheEntry entry, Skill skill)
    {
        var files = FilesOf(skill);
        SourceDocument Document(CachedPlace? p)
        {
            if (p is null) throw new InvalidDataException("a finding without a place");
            if (!files.TryGetValue(p.Path ?? "", out var file)) throw new InvalidDataException($"no file {p.Path} in the skill");
            return SourceDocument.Restored(file, p.Language, p.Origin, p.Description, ToRegion(p.Region));
        }
        var findings = new List<Finding>((entry.Findings ?? []).Count);
        foreach (var f in entry.Findings ?? [])
        {
            var rule = _descriptors.TryGetValue(f.Rule ?? "", out var d) ? d : throw new InvalidDataException($"rule {f.Rule} is not loaded");
            if (!Enum.IsDefined(f.Severity)) throw new InvalidDataException($"no severity {f.Severity}");
            findings.Add(new Finding
            {
                Rule = rule,
                Severity = f.Severity,
                Message = f.Message ?? throw new InvalidDataException("a finding without a message"),
                Document = Document(f.Place),
                Span = ToSpan(f.Place!.Span),
                Flow = f.Flow?.Select(s => new FlowStep(Document(s.Place), ToSpan(s.Place!.Span), s.Message ?? "")).ToList(),
                Related = (f.Related ?? []).Select(r => new RelatedLocation(new SourceLocation(r.Path ?? "", ToRegion(r.Region)), r.Message ?? "")).ToList(),
                Evidence = Evidence(f.Evidence),
                FixReplacement = f.FixReplacement,
                FixDescription = f.FixDescription,
                Suppression = f.Suppression is { } s
                    ? new Suppression(s.Kind ?? "", s.Justification ?? "", s.Location is { } l ? new SourceLocation(l.Path ?? "", ToRegion(l.Region)) : null)
                    : null,
            });
        }
        return new SkillResult
        {
            Skill = skill,
            Findings = findings,
            Notifications = (entry.Notifications ?? [])
                .Select(n => new ScanNotification(!Enum.IsDefined(n.Level) ? throw new InvalidDataException($"no level {n.Level}") : n.Id ?? throw new InvalidDataException("a notification without an id"), n.Message ?? "", n.Level, n.Path, n.Line))
                .ToList(),
        };
    }

    private static Dictionary<string, string> Evidence(List<string[]>? pairs)
    {
        var evidence = new Dictionary<string, string>();
        foreach (var pair in pairs ?? [])
        {
            if (pair is not [var key, var value]) throw new InvalidDataException("evidence entries are [key, value] pairs");
            evidence.Add(key, value);
        }
        return evidence;
    }

    private static TextSpan ToSpan(int[]? span) =>
        span is [var start, var end] ? new TextSpan(start, end) : throw new InvalidDataException("a span is [start, end]");

    private static SourceRegion ToRegion(int[]? region) =>
        region is [var sl, var sc, var el, var ec] ? new SourceRegion(sl, sc, el, ec) : throw new InvalidDataException("a region is [startLine, startColumn, endLine, endColumn]");

    /// <summary>Length-prefixed fields, so that no two different inputs hash the same bytes.</summary>
    private readonly struct KeyWriter(IncrementalHash hash)
    {
        public void Text(string s)
        {
            var bytes = Encoding.UTF8.GetBytes(s);
            Number(bytes.Length);
            hash.AppendData(bytes);
        }

        public void Bytes(byte[] bytes)
        {
            Number(bytes.Length);
            hash.AppendData(bytes);
        }

        public void Number(long n)
        {
            Span<byte> buffer = stackalloc byte[8];
            System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(buffer, n);
            hash.AppendData(buffer);
        }
    }
}

internal sealed class CacheEntry
{
    [JsonRequired]
    public string? Format { get; set; }
    [JsonRequired]
    public string? Key { get; set; }
    public string? Skill { get; set; }
    [JsonRequired]
    public List<CachedFinding>? Findings { get; set; }
    [JsonRequired]
    public List<CachedNotification>? Notifications { get; set; }
}

internal sealed class CachedFinding
{
    [JsonRequired]
    public string? Rule { get; set; }
    [JsonRequired]
    public Severity Severity { get; set; }
    [JsonRequired]
    public string? Message { get; set; }
    [JsonRequired]
    public CachedPlace? Place { get; set; }
    public List<CachedStep>? Flow { get; set; }
    public List<CachedLocation>? Related { get; set; }
    public List<string[]>? Evidence { get; set; }
    public string? FixReplacement { get; set; }
    public string? FixDescription { get; set; }
    public CachedSuppression? Suppression { get; set; }
}

/// <summary>A span of a document and the physical region it maps to.</summary>
internal sealed class CachedPlace
{
    [JsonRequired]
    public string? Path { get; set; }
    [JsonRequired]
    public Language Language { get; set; }
    [JsonRequired]
    public DocumentOrigin Origin { get; set; }
    public string? Description { get; set; }
    [JsonRequired]
    public int[]? Span { get; set; }
    [JsonRequired]
    public int[]? Region { get; set; }
}

internal sealed class CachedStep
{
    [JsonRequired]
    public CachedPlace? Place { get; set; }
    [JsonRequired]
    public string? Message { get; set; }
}

internal sealed class CachedLocation
{
    [JsonRequired]
    public string? Path { get; set; }
    [JsonRequired]
    public int[]? Region { get; set; }
    public string? Message { get; set; }
}

internal sealed class CachedSuppression
{
    [JsonRequired]
    public string? Kind { get; set; }
    [JsonRequired]
    public string? Justification { get; set; }
    public CachedLocation? Location { get; set; }
}

internal sealed class CachedNotification
{
    [JsonRequired]
    public string? Id { get; set; }
    [JsonRequired]
    public string? Message { get; set; }
    [JsonRequired]
    public NotificationLevel Level { get; set; }
    public string? Path { get; set; }
    public int? Line { get; set; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CacheEntry))]
internal sealed partial class CacheJson : JsonSerializerContext;
