// The pause program of the harness's throwaway cluster (no dependencies).
module trainwatch.local/pause

go 1.26
