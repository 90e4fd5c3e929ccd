(function(){var r=window.__benchRan||(window.__benchRan={});if(!("analytics" in r))r["analytics"]=performance.now();})();
