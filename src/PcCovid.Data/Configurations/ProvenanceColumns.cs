using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PcCovid.Domain.Common;

namespace PcCovid.Data.Configurations;

/// <summary>Provenance is stored as four plain columns on every fact table, the same names everywhere.</summary>
internal static class ProvenanceColumns
{
    public static void Map(ComplexPropertyBuilder<Provenance> builder)
    {
        builder.Property(p => p.SourceSystem).HasColumnName("source_system").HasMaxLength(20);
        builder.Property(p => p.SourceRecordId).HasColumnName("source_record_id").HasMaxLength(64);
        builder.Property(p => p.ReceivedAtUtc).HasColumnName("received_at_utc");
        builder.Property(p => p.IsAuthoritative).HasColumnName("is_authoritative");
    }
}
