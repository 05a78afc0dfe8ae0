using System.Security.Cryptography;
using System.Text;

namespace SkillScan.Pipeline;

/// <summary>
/// Shard K of N (1-based): a stable partition of skills by a hash of their repo path, so every machine of a
/// matrix picks the same skills whatever order the file system lists them in, and the shards cover each skill once.
/// </summary>
public sealed record Shard(int Index, int Count)
{
    public static Shard Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length != 2 || !int.TryParse(parts[0], out var k) || !int.TryParse(parts[1], out var n) || n < 1 || k < 1 || k > n)
        {
            throw new FormatException($"--shard wants K/N with 1 ≤ K ≤ N (got '{text}')");
        }
        return new Shard(k, n);
    }

    public bool Contains(string skillKey)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(skillKey));
        return (int)(BitConverter.ToUInt64(hash, 0) % (ulong)Count) == Index - 1;
    }

    public IReadOnlyList<SkillSource> Select(IReadOnlyList<SkillSource> sources) => sources.Where(s => Contains(s.Key)).ToList();

    public override string ToString() => $"{Index}/{Count}";
}
