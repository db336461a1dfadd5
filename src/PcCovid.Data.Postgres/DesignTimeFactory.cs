using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace PcCovid.Data.Postgres;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model for PostgreSQL; never used at run time.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<PcCovidDbContext>
{
    public PcCovidDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<PcCovidDbContext>();
        DatabaseServiceCollectionExtensions.Configure(builder, new DatabaseOptions { Provider = DatabaseProvider.Postgres, ConnectionString = "Host=localhost;Database=pccovid_design" });
        return new PcCovidDbContext(builder.Options);
    }
}
