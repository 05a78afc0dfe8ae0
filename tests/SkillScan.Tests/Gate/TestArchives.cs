using System.Formats.Tar;
using System.IO.Compression;

namespace SkillScan.Tests.Gate;

/// <summary>Builds zip and tar(.gz) archives in memory, including entries no honest tool would write.</summary>
internal static class TestArchives
{
    public sealed record ZipItem(string Name, byte[] Data, int UnixMode = 0x8000 | 0x1A4);

    public static ZipItem Entry(string name, string text) => new(name, System.Text.Encoding.UTF8.GetBytes(text));

    public static byte[] Zip(params ZipItem[] items)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var item in items)
            {
                var entry = zip.CreateEntry(item.Name, CompressionLevel.Optimal);
                entry.ExternalAttributes = item.UnixMode << 16;
                using var s = entry.Open();
                s.Write(item.Data);
            }
        }
        return buffer.ToArray();
    }

    public static byte[] Tar(bool gzip, params TarEntry[] entries)
    {
        using var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var e in entries) writer.WriteEntry(e);
        }
        if (!gzip) return tar.ToArray();
        using var compressed = new MemoryStream();
        using (var gz = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true)) gz.Write(tar.ToArray());
        return compressed.ToArray();
    }

    public static TarEntry TarFile(string name, string text) => TarFile(name, System.Text.Encoding.UTF8.GetBytes(text));

    public static TarEntry TarFile(string name, byte[] data) =>
        new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(data) };

    public static TarEntry TarLink(string name, string target) => new PaxTarEntry(TarEntryType.SymbolicLink, name) { LinkName = target };

    public static TarEntry TarSpecial(TarEntryType type, string name) => new PaxTarEntry(type, name);

    public const string MinimalSkillMd = "---\nname: t\ndescription: Test.\n---\n# T\n";
}
