extension RandomAccessCollection where Index == Int {
    /// The first index whose element is not `below`, or `endIndex`, for elements ordered so
    /// that every one that is `below` comes first: a binary search.
    ///
    /// ```swift
    /// let ids: [Int64] = [3, 8, 13]
    /// ids.lowerBound { $0 < 8 }  // 1
    /// ```
    func lowerBound(where below: (Element) -> Bool) -> Int {
        var (low, high) = (startIndex, endIndex)
        while low < high {
            let middle = low + (high - low) / 2
            if below(self[middle]) { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
