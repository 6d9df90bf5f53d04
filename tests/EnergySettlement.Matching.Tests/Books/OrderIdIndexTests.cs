using CsCheck;

namespace EnergySettlement.Matching.Tests.Books;

public class OrderIdIndexTests
{
    [Fact]
    public void InsertRemove_RandomOperations_AgreesWithDictionary()
    {
        Gen.Select(Gen.Long[-50, 50], Gen.Bool).Array[1, 400].Sample(operations =>
        {
            var pool = new OrderPool(128);
            var index = new OrderIdIndex(128);
            var expected = new Dictionary<long, int>();
            foreach (var (id, insert) in operations)
            {
                if (insert && !expected.ContainsKey(id) && pool.Count < pool.Capacity)
                {
                    int slot = pool.Allocate();
                    pool.Nodes[slot].OrderId = id;
                    index.Insert(id, slot);
                    expected.Add(id, slot);
                }
                else if (!insert && expected.Remove(id, out int slot))
                {
                    index.Remove(id, pool.Nodes);
                    pool.Free(slot);
                }

                for (long probe = -50; probe <= 50; probe++)
                {
                    Assert.Equal(expected.TryGetValue(probe, out int s) ? s : -1, index.Find(probe, pool.Nodes));
                }
            }
        }, iter: 300);
    }
}
