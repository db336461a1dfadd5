using Npgsql;
using PcCovid.Data;

namespace PcCovid.UnitTests.CheckIns;

public sealed class PostgresStatementPreparationTests
{
    [Fact]
    public void AutoPrepare_IsAdded_UnlessTheOperatorChoseOwnSetting()
    {
        var added = new NpgsqlConnectionStringBuilder(PostgresStatementPreparation.WithAutoPrepare("Host=db;Username=u"));
        Assert.Equal(PostgresStatementPreparation.StatementsPerConnection, added.MaxAutoPrepare);
        Assert.Equal(2, added.AutoPrepareMinUsages);

        Assert.Equal("Host=db;Max Auto Prepare=0", PostgresStatementPreparation.WithAutoPrepare("Host=db;Max Auto Prepare=0"));
    }

    [Fact]
    public void GenericPlans_AreAskedForAtStartUp_KeepingTheOperatorsOptions_AndNotBehindAPoolerWithoutPreparation()
    {
        string plain = PostgresStatementPreparation.WithGenericPlans(PostgresStatementPreparation.WithAutoPrepare("Host=db"));
        Assert.Equal("-c plan_cache_mode=force_generic_plan", new NpgsqlConnectionStringBuilder(plain).Options);

        string kept = PostgresStatementPreparation.WithGenericPlans(PostgresStatementPreparation.WithAutoPrepare("Host=db;Options=-c search_path=pccovid"));
        Assert.Equal("-c search_path=pccovid -c plan_cache_mode=force_generic_plan", new NpgsqlConnectionStringBuilder(kept).Options);

        Assert.Equal("Host=db;Max Auto Prepare=0", PostgresStatementPreparation.WithGenericPlans(PostgresStatementPreparation.WithAutoPrepare("Host=db;Max Auto Prepare=0")));
    }
}
