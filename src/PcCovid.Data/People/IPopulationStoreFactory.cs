namespace PcCovid.Data.People;

public interface IPopulationStoreFactory
{
    IPopulationStore Create();
}
