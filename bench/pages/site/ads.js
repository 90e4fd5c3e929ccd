(function(){var r=window.__benchRan||(window.__benchRan={});if(!("ads" in r))r["ads"]=performance.now();})();
