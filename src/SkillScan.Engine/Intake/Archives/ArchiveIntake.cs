using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using SkillScan.Model;

namespace SkillScan.Intake.Archives;

public enum ArchiveFormat
{
    Zip,
    Tar,
    TarGzip,
}

/// <summary>An archive that cannot be read at all (not a regular file, too large, corrupt): an input error.</summary>
public sealed class ArchiveException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Reads a skill shipped as an archive (.zip, .skill, .tar, .tgz, .tar.gz) into memory without ever extracting it
/// to disk. Entries with `..`, absolute paths, links, devices or duplicate names are refused and reported; counts,
/// sizes, compression ratio and nesting are bounded by <see cref="ArchiveLimits"/>; the archive's SHA-256 is kept.
/// </summary>
public static class ArchiveIntake
{
    private static readonly string[] Extensions = [".zip", ".skill", ".tgz", ".tar.gz", ".tar"];

    /// <summary>Whether a file name says archive (the format itself is then told by its bytes).</summary>
    public static bool IsArchiveName(string name) => Extensions.Any(e => name.EndsWith(e, StringComparison.OrdinalIgnoreCase));

    /// <summary>The format by magic bytes: PK (zip), 1F 8B (gzip, taken as tar.gz), "ustar" at 257 (tar).</summary>
    public static ArchiveFormat? Detect(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length >= 4 && bytes[0] == 'P' && bytes[1] == 'K' && (bytes[2] == 3 || bytes[2] == 5) && (bytes[3] == 4 || bytes[3] == 6)) return ArchiveFormat.Zip;
        if (bytes.Length >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B) return ArchiveFormat.TarGzip;
        if (bytes.Length >= 262 && bytes.Slice(257, 5).SequenceEqual("ustar"u8)) return ArchiveFormat.Tar;
        return null;
    }

    /// <summary>Reads the archive file at <paramref name="path"/> (a regular file, never a FIFO or device) as one skill.</summary>
    public static Skill ReadSkill(string path, IntakeOptions options, ArchiveLimits? limits = null)
    {
        limits ??= ArchiveLimits.Default;
        var full = Path.GetFullPath(path);
        var kind = FileSystemProbe.Classify(full);
        if (kind == EntryKind.Missing) throw new ArchiveException($"no such file: {path}");
        if (kind != EntryKind.Regular) throw new ArchiveException($"{path} is not a regular file; only regular archive files are read");
        byte[] bytes;
        try
        {
            using var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read);
            if (stream.Length > limits.MaxArchiveBytes)
            {
                throw new ArchiveException($"{path} is {stream.Length:N0} bytes, over the {limits.MaxArchiveBytes:N0}-byte archive size limit");
            }
            bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ArchiveException($"cannot read {path}: {ex.Message}", ex);
        }
        return ReadSkill(bytes, Path.GetFileName(full), SkillLocator.RepoPath(Path.GetFullPath(options.ReportRoot), full), options, limits);
    }

    /// <summary>Reads archive bytes as one skill named <paramref name="name"/>; file repo paths are <c>ROOT!/path</c>.</summary>
    public static Skill ReadSkill(byte[] bytes, string name, string rootRepoPath, IntakeOptions options, ArchiveLimits? limits = null)
    {
        limits ??= ArchiveLimits.Default;
        if (bytes.LongLength > limits.MaxArchiveBytes)
        {
            throw new ArchiveException($"{name} is {bytes.LongLength:N0} bytes, over the {limits.MaxArchiveBytes:N0}-byte archive size limit");
        }
        var format = Detect(bytes) ?? throw new ArchiveException($"{name} is not a zip, tar or tar.gz archive");
        var reader = new EntryReader(limits, rootRepoPath, options);
        try
        {
            reader.Read(bytes, format, depth: 1, prefix: "");
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException or FormatException or NotSupportedException or ArgumentException)
        {
            throw new ArchiveException($"{name} could not be read as {Describe(format)}: {ex.Message}", ex);
        }

        var files = StripTopFolder(reader.Files);
        var skillFiles = files
            .OrderBy(f => f.Key, StringComparer.Ordinal)
            .Select(f => new SkillFile(f.Key, $"{rootRepoPath}!/{f.Key}", f.Value, FileClassifier.Classify(Path.GetFileName(f.Key), f.Value)))
            .ToList();
        var skill = new Skill(Path.GetFileName(name), rootRepoPath, skillFiles)
        {
            ArchiveSha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)),
        };
        if (!files.ContainsKey("SKILL.md"))
        {
            skill.Notifications.Add(ScanNotification.Note("no-skill-md", $"No SKILL.md at the top of {name}: scanned as a plain archive.", rootRepoPath));
        }
        skill.Notifications.AddRange(reader.Notes);
        return skill;
    }

    private static string Describe(ArchiveFormat format) => format switch
    {
        ArchiveFormat.Zip => "a zip archive",
        ArchiveFormat.Tar => "a tar archive",
        _ => "a gzip-compressed tar archive",
    };

    /// <summary>Archives made from a folder (`zip -r x.zip x`, `npm pack`) hold one top folder: the skill is inside it.</summary>
    private static Dictionary<string, byte[]> StripTopFolder(Dictionary<string, byte[]> files)
    {
        if (files.Count == 0 || files.ContainsKey("SKILL.md")) return files;
        var first = files.Keys.First();
        var slash = first.IndexOf('/');
        if (slash <= 0) return files;
        var top = first[..(slash + 1)];
        if (!files.Keys.All(k => k.StartsWith(top, StringComparison.Ordinal)) || !files.ContainsKey(top + "SKILL.md")) return files;
        return files.ToDictionary(f => f.Key[top.Length..], f => f.Value, StringComparer.Ordinal);
    }

    /// <summary>Thrown to stop reading once a whole-archive limit is reached (the reason is already noted).</summary>
    private sealed class StopReading : Exception;

    /// <summary>Walks entries (of nested archives too), admitting files and noting every refusal.</summary>
    private sealed class EntryReader(ArchiveLimits limits, string rootRepoPath, IntakeOptions options)
    {
        private int _entries;
        private long _totalBytes;

        public Dictionary<string, byte[]> Files { get; } = new(StringComparer.Ordinal);

        public List<ScanNotification> Notes { get; } = new();

        public void Read(byte[] bytes, ArchiveFormat format, int depth, string prefix)
        {
            try
            {
                switch (format)
                {
                    case ArchiveFormat.Zip:
                        ReadZip(bytes, depth, prefix);
                        break;
                    case ArchiveFormat.Tar:
                        ReadTar(new MemoryStream(bytes, writable: false), depth, prefix);
                        break;
                    default:
                        // The decompressed stream is capped by the ratio: a gzip bomb stops here, not in memory.
                        var cap = Math.Max(limits.RatioFloorBytes, bytes.LongLength * limits.MaxCompressionRatio);
                        using (var gzip = new GZipStream(new MemoryStream(bytes, writable: false), CompressionMode.Decompress))
                        using (var capped = new CappedStream(gzip, cap))
                        {
                            ReadTar(capped, depth, prefix);
                        }
                        break;
                }
            }
            catch (CappedStream.CapExceeded)
            {
                Refuse(ArchiveRefusals.Bomb, $"{Where(prefix)} decompresses to more than {limits.MaxCompressionRatio}× its {bytes.LongLength:N0} bytes; reading stopped (decompression bomb).", prefix);
                if (depth == 1) return;
                throw new StopReading();
            }
            catch (StopReading) when (depth == 1)
            {
            }
            catch (Exception ex) when (depth > 1 && ex is InvalidDataException or EndOfStreamException or FormatException or NotSupportedException or ArgumentException)
            {
                Notes.Add(ScanNotification.Warning("archive-nested-unreadable",
                    $"{Where(prefix)} could not be read as {Describe(format)}: {ex.Message}", Repo(prefix.TrimEnd('/', '!'))));
            }
        }

        private void ReadZip(byte[] bytes, int depth, string prefix)
        {
            using var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
            foreach (var entry in zip.Entries)
            {
                if (Admit(entry.FullName, prefix) is not { } path) continue;
                var mode = (entry.ExternalAttributes >> 16) & 0xF000;
                if (mode == 0xA000)
                {
                    using var target = entry.Open();
                    var linkTarget = ReadBounded(target, 4096) is { } t ? System.Text.Encoding.UTF8.GetString(t) : "?";
                    RefuseLink(prefix + path, linkTarget);
                    continue;
                }
                if (mode is 0x1000 or 0x2000 or 0x6000 or 0xC000)
                {
                    Refuse(ArchiveRefusals.Device, $"{Repo(prefix + path)} is a device, FIFO or socket entry; refused.", prefix + path);
                    continue;
                }
                if (mode == 0x4000 || entry.FullName.EndsWith('/')) continue;
                using var data = entry.Open();
                AddFile(prefix + path, data, entry.Length, entry.CompressedLength, depth);
            }
        }

        private void ReadTar(Stream stream, int depth, string prefix)
        {
            using var tar = new TarReader(stream, leaveOpen: true);
            while (tar.GetNextEntry(copyData: false) is { } entry)
            {
                if (entry.EntryType is TarEntryType.GlobalExtendedAttributes) continue;
                if (Admit(entry.Name, prefix) is not { } path) continue;
                switch (entry.EntryType)
                {
                    case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                        AddFile(prefix + path, entry.DataStream ?? Stream.Null, entry.Length, compressed: null, depth);
                        break;
                    case TarEntryType.Directory:
                        break;
                    case TarEntryType.SymbolicLink or TarEntryType.HardLink:
                        RefuseLink(prefix + path, entry.LinkName);
                        break;
                    case TarEntryType.CharacterDevice or TarEntryType.BlockDevice or TarEntryType.Fifo:
                        Refuse(ArchiveRefusals.Device, $"{Repo(prefix + path)} is a {entry.EntryType} entry; device and FIFO entries are refused.", prefix + path);
                        break;
                    default:
                        Refuse(ArchiveRefusals.Unsupported, $"{Repo(prefix + path)} is a {entry.EntryType} entry, which is not read.", prefix + path);
                        break;
                }
            }
        }

        /// <summary>Counts the entry and checks its name; the normalised path inside the archive, or null when refused.</summary>
        private string? Admit(string rawName, string prefix)
        {
            if (++_entries > limits.MaxEntries)
            {
                Refuse(ArchiveRefusals.TooManyEntries, $"The archive holds more than {limits.MaxEntries:N0} entries; the rest were not read.", "");
                throw new StopReading();
            }
            var name = rawName.Replace('\\', '/');
            var shown = ReportSafe(rawName);
            if (name.StartsWith('/') || (name.Length >= 2 && char.IsAsciiLetter(name[0]) && name[1] == ':'))
            {
                Refuse(ArchiveRefusals.AbsolutePath, $"Entry '{shown}' has an absolute path; refused.", prefix);
                return null;
            }
            var segments = name.Split('/');
            if (segments.Contains(".."))
            {
                Refuse(ArchiveRefusals.Traversal, $"Entry '{shown}' climbs out of the archive with '..'; refused.", prefix);
                return null;
            }
            if (name.Any(c => c < ' '))
            {
                Refuse(ArchiveRefusals.Unsupported, $"Entry '{shown}' has control characters in its name; refused.", prefix);
                return null;
            }
            var path = string.Join('/', segments.Where(s => s.Length > 0 && s != "."));
            return path.Length == 0 ? null : path;
        }

        private void AddFile(string path, Stream data, long declared, long? compressed, int depth)
        {
            if (Files.ContainsKey(path))
            {
                Refuse(ArchiveRefusals.Duplicate, $"{Repo(path)} appears more than once in the archive; tools disagree on which copy wins, so the later one was refused.", path);
                return;
            }
            var cap = Math.Min(limits.MaxEntryBytes, options.MaxFileBytes);
            if (declared > cap)
            {
                Refuse(ArchiveRefusals.EntryTooLarge, $"{Repo(path)} is {declared:N0} bytes, over the {cap:N0}-byte file size limit; not scanned.", path);
                return;
            }
            var bytes = ReadBounded(data, cap);
            if (bytes is null)
            {
                Refuse(ArchiveRefusals.EntryTooLarge, $"{Repo(path)} decompresses to more than its {cap:N0}-byte file size limit; not scanned.", path);
                return;
            }
            if (compressed is { } c && bytes.Length > limits.RatioFloorBytes && bytes.LongLength > Math.Max(c, 1) * limits.MaxCompressionRatio)
            {
                Refuse(ArchiveRefusals.Bomb, $"{Repo(path)} decompresses {bytes.LongLength / Math.Max(c, 1):N0}× ({c:N0} → {bytes.LongLength:N0} bytes), over the ratio limit of {limits.MaxCompressionRatio}; refused as a decompression bomb.", path);
                return;
            }
            _totalBytes += bytes.LongLength;
            if (_totalBytes > limits.MaxTotalBytes)
            {
                Refuse(ArchiveRefusals.TooLarge, $"The archive's files add up to more than {limits.MaxTotalBytes:N0} bytes; reading stopped at {Repo(path)}.", path);
                throw new StopReading();
            }
            Files[path] = bytes;
            if (!IsArchiveName(path) || Detect(bytes) is not { } nested) return;
            if (depth + 1 > limits.MaxNestingDepth)
            {
                Refuse(ArchiveRefusals.NestingDepth, $"{Repo(path)} is an archive nested {depth + 1} deep, past the limit of {limits.MaxNestingDepth}; its contents were not read.", path);
                return;
            }
            Read(bytes, nested, depth + 1, path + "!/");
        }

        private void RefuseLink(string path, string target)
        {
            var t = target.Replace('\\', '/');
            var escapes = t.StartsWith('/') || t.Split('/').Contains("..");
            Refuse(escapes ? ArchiveRefusals.Traversal : ArchiveRefusals.Link,
                $"{Repo(path)} is a link to '{ReportSafe(target)}'{(escapes ? ", outside the archive" : "")}; links are refused, never followed.", path);
        }

        private void Refuse(string id, string message, string path) => Notes.Add(ArchiveRefusals.Refuse(id, message, Repo(path)));

        private string Repo(string path) => path.Length == 0 ? rootRepoPath : $"{rootRepoPath}!/{path}";

        private string Where(string prefix) => prefix.Length == 0 ? rootRepoPath : Repo(prefix.TrimEnd('/', '!'));

        private static string ReportSafe(string name) => name.Length > 200 ? name[..200] + "…" : name;
    }

    /// <summary>Reads at most <paramref name="cap"/> bytes; null when the stream holds more.</summary>
    private static byte[]? ReadBounded(Stream stream, long cap)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        while (true)
        {
            var n = stream.Read(chunk, 0, (int)Math.Min(chunk.Length, cap + 1 - buffer.Length));
            if (n == 0) return buffer.ToArray();
            buffer.Write(chunk, 0, n);
            if (buffer.Length > cap) return null;
        }
    }

    /// <summary>A read-only stream that throws once more than a set number of bytes has come through.</summary>
    private sealed class CappedStream(Stream inner, long cap) : Stream
    {
        public sealed class CapExceeded : Exception;

        private long _read;

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = inner.Read(buffer, offset, count);
            _read += n;
            if (_read > cap) throw new CapExceeded();
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
