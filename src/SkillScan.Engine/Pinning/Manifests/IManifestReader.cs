using SkillScan.Model;

namespace SkillScan.Pinning.Manifests;

/// <summary>Reads one kind of manifest (package.json, requirements.txt, Dockerfile...) and reports what is not pinned.</summary>
public interface IManifestReader
{
    bool Accepts(SkillFile file, PinningContext context);

    void Read(PinningContext context, SkillFile file);
}
